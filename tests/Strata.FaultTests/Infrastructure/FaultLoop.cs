using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Runs a scenario again and again, failing its command 1, then 2, … until it completes without reaching the fault. After
/// each failure it checks what every failure must leave: a typed <see cref="DatabaseException"/>, no connection still busy in
/// the pool, no session of the test's left in a transaction or holding a lock on the server, and the scenario's own
/// invariant (all or nothing). A failure message names the database, the fault, N and the failed command, which is all it
/// takes to reproduce it.
/// </summary>
public static class FaultLoop
{
    /// <summary>The most commands a scenario may send before the loop gives up on it ever completing.</summary>
    public const int MaxCommands = 150;

    /// <summary>Runs the loop and returns the number of commands the scenario took to complete.</summary>
    /// <param name="db">The database kind.</param>
    /// <param name="kind">How the command fails.</param>
    /// <param name="name">The scenario's name, for messages.</param>
    /// <param name="configure">Sets the database's options (the fault is added to its interceptors).</param>
    /// <param name="reset">Puts the database back to the scenario's starting point; runs without faults.</param>
    /// <param name="scenario">The work that is failed.</param>
    /// <param name="verify">
    /// Checks the state the scenario left (false: it failed part-way; true: it completed) and throws when it is wrong; runs
    /// without faults, and may use the database again to show that nothing is left locked.
    /// </param>
    public static Task<int> RunAsync(Db db, FaultKind kind, string name, Action<DatabaseOptions>? configure,
        Func<Database, Task> reset, Func<Database, Task> scenario, Func<Database, bool, Task> verify) =>
        RunAsync(db, kind, name, configure, reset, (database, _) => scenario(database), verify);

    /// <summary>
    /// Runs the loop with a scenario that is also given the fault, to add to databases it opens itself (the strata tool run
    /// in-process), and returns the number of commands the scenario took to complete.
    /// </summary>
    /// <param name="expected">
    /// Whether a failure is the typed one the scenario promises; a <see cref="DatabaseException"/> when null.
    /// </param>
    /// <remarks>
    /// When the suite's MariaDB server crashes during the loop, the loop runs once more on the restarted server (the crash
    /// report's place is written to the test output); a second crash, or any other failure, fails the test.
    /// </remarks>
    public static async Task<int> RunAsync(Db db, FaultKind kind, string name, Action<DatabaseOptions>? configure,
        Func<Database, Task> reset, Func<Database, NthCommandFault, Task> scenario, Func<Database, bool, Task> verify,
        Func<Exception, bool>? expected = null)
    {
        try
        {
            return await RunOnceAsync(db, kind, name, configure, reset, scenario, verify, expected);
        }
        catch (Exception) when (db == Db.MariaDb)
        {
            if (await FaultDatabase.RestartIfCrashedAsync() is null) throw;
            return await RunOnceAsync(db, kind, name, configure, reset, scenario, verify, expected);
        }
    }

    private static async Task<int> RunOnceAsync(Db db, FaultKind kind, string name, Action<DatabaseOptions>? configure,
        Func<Database, Task> reset, Func<Database, NthCommandFault, Task> scenario, Func<Database, bool, Task> verify,
        Func<Exception, bool>? expected)
    {
        expected ??= e => e is DatabaseException;
        var adminUrl = db == Db.Postgres ? TestDatabase.PostgresUrl : await FaultDatabase.UrlAsync(db);
        await using var fault = new NthCommandFault(kind, adminUrl);
        await using var database = await FaultDatabase.OpenAsync(db, o =>
        {
            configure?.Invoke(o);
            o.Interceptors.Add(fault);
        });
        for (var n = 1; n <= MaxCommands; n++)
        {
            fault.Arm(0);
            await reset(database);
            fault.Arm(n);
            Exception? error = null;
            try
            {
                await scenario(database, fault);
            }
            catch (Exception e)
            {
                error = e;
            }
            var fired = fault.Fired;
            var failed = fault.FailedCommand;
            fault.Arm(0);
            var where = $"{name} on {db} with {kind} at command N={n}{(failed is null ? "" : $" ({Shorten(failed)})")}";
            if (!fired)
            {
                if (error is not null) throw new Xunit.Sdk.XunitException($"{where}: the scenario failed without a fault: {error}");
                await verify(database, true);
                return n - 1;
            }
            if (error is null)
            {
                // Absorbed on purpose (a failure releasing a lock once the work is done is logged, not thrown): the work must be
                // complete and nothing left held.
                await AssertPoolIdleAsync(database, where);
                var stillHeld = await ServerProbe.HeldAsync(db, fault.Sessions.Keys);
                if (stillHeld.Count > 0)
                    throw new Xunit.Sdk.XunitException($"{where}: the fault was absorbed but a session was left holding something: {string.Join("; ", stillHeld)}");
                await verify(database, true);
                continue;
            }
            if (!expected(error))
                throw new Xunit.Sdk.XunitException($"{where}: expected a typed failure, got {error.GetType().FullName}: {error}");
            await AssertPoolIdleAsync(database, where);
            var held = await ServerProbe.HeldAsync(db, fault.Sessions.Keys);
            if (held.Count > 0)
                throw new Xunit.Sdk.XunitException($"{where}: a session was left holding something: {string.Join("; ", held)}");
            try
            {
                await verify(database, false);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{where}: after {error.GetType().Name} ({error.Message}) the state is wrong: {e.Message}", e);
            }
        }
        throw new Xunit.Sdk.XunitException($"{name} on {db} with {kind} did not complete within {MaxCommands} commands.");
    }

    private static async Task AssertPoolIdleAsync(Database database, string where)
    {
        var stats = database.GetPoolStatistics();
        for (var attempt = 0; attempt < 20 && stats.Busy > 0; attempt++)
        {
            await Task.Delay(100);
            stats = database.GetPoolStatistics();
        }
        if (stats.Busy > 0) throw new Xunit.Sdk.XunitException($"{where}: {stats.Busy} connection(s) still busy in the pool ({stats}).");
    }

    private static string Shorten(string sql)
    {
        var line = sql.ReplaceLineEndings(" ");
        return line.Length <= 140 ? line : line[..140] + "…";
    }
}
