using System.Collections.Concurrent;
using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.Query;
using Strata.Resilience;
using Xunit.Abstractions;

namespace Strata.IntegrationTests.Resilience;

/// <summary>A steady workload while the real server is stopped and started again.</summary>
[Collection(ServerRestartCollection.Name)]
public class ServerRestartTests(ITestOutputHelper output)
{
    private enum Phase
    {
        Up,
        Down,
        Restarted,
    }

    private sealed record Failure(Phase Phase, Type Type, TimeSpan Took, bool OpenAtStart);

    [Theory, ServerDatabases]
    public async Task Calls_fail_fast_while_the_server_is_down_the_workload_recovers_by_itself_and_no_acknowledged_commit_is_lost(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(2);
            o.CommandTimeout = TimeSpan.FromSeconds(5);
            o.Resilience = new ConnectionResilienceOptions
            {
                OpenRetries = 2,
                RetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
                MaxOpenTime = TimeSpan.FromSeconds(3),
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(1),
                BreakDuration = TimeSpan.FromSeconds(1),
            };
        });
        var database = scope.Db;
        var table = scope.Table("restart_orders");
        await database.Schema.CreateTable(table, t =>
        {
            t.BigInteger("id").PrimaryKey();
            t.Integer("worker");
        }).ExecuteAsync();

        var phase = (int)Phase.Up;
        long nextId = 0;
        var acknowledged = new ConcurrentBag<long>();
        var successes = new ConcurrentDictionary<Phase, int>();
        var failures = new ConcurrentBag<Failure>();
        long firstSuccessAfterRestart = 0;
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(int worker)
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Interlocked.Increment(ref nextId);
                var current = (Phase)Volatile.Read(ref phase);
                var openAtStart = database.CircuitState == CircuitState.Open;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await database.TransactionAsync(async tx =>
                    {
                        await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, worker) VALUES ({id}, {worker})");
                    });
                    acknowledged.Add(id);
                    successes.AddOrUpdate(current, 1, (_, n) => n + 1);
                    if (current == Phase.Restarted) Interlocked.CompareExchange(ref firstSuccessAfterRestart, Stopwatch.GetTimestamp(), 0);
                }
                catch (DatabaseException e)
                {
                    failures.Add(new Failure(current, e.GetType(), Stopwatch.GetElapsedTime(started), openAtStart));
                    await Task.Delay(20);
                }
            }
        }

        var workers = Enumerable.Range(1, 4).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
        long restartedAt;
        try
        {
            // A steady workload first: at least a second of it, and some commits.
            var warmUp = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 15;
            await Task.Delay(TimeSpan.FromSeconds(1));
            while (successes.GetValueOrDefault(Phase.Up) < 20 && Stopwatch.GetTimestamp() < warmUp) await Task.Delay(50);
            Volatile.Write(ref phase, (int)Phase.Down);
            await ServerControl.StopAsync(db);
            await Task.Delay(TimeSpan.FromSeconds(4));
        }
        finally
        {
            await ServerControl.StartAsync(db);
            restartedAt = Stopwatch.GetTimestamp();
            Volatile.Write(ref phase, (int)Phase.Restarted);
        }

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (Interlocked.Read(ref firstSuccessAfterRestart) == 0 && Stopwatch.GetTimestamp() < deadline) await Task.Delay(50);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.True(successes.GetValueOrDefault(Phase.Up) > 0, $"The workload did not run before the server was stopped; failures: {Describe(failures)}");
        var recovered = Interlocked.Read(ref firstSuccessAfterRestart);
        Assert.True(recovered != 0, $"No transaction succeeded within 30 s of the restart; failures: {Describe(failures)}");
        var recoveryTime = Stopwatch.GetElapsedTime(restartedAt, recovered);
        output.WriteLine($"{db}: first commit {recoveryTime.TotalMilliseconds:0} ms after the server was started; {acknowledged.Count} commits; failures: {Describe(failures)}");
        Assert.True(recoveryTime < TimeSpan.FromSeconds(10), $"The workload took {recoveryTime.TotalSeconds:0.0} s to recover after the restart.");

        // While the server was down the breaker opened, and calls made while it was open failed at once rather than
        // trying to connect (a call already retrying when it opened stops at its next attempt).
        Assert.True(failures.Any(f => f.Phase == Phase.Down && f.Type == typeof(DatabaseUnavailableException)),
            $"The circuit breaker never opened; failures: {Describe(failures)}");
        var fast = failures.Where(f => f.OpenAtStart && f.Type == typeof(DatabaseUnavailableException)).ToList();
        Assert.True(fast.Count > 0, $"No call started while the breaker was open; failures: {Describe(failures)}");
        Assert.True(fast.Max(f => f.Took) < TimeSpan.FromMilliseconds(500), $"A call took {fast.Max(f => f.Took).TotalMilliseconds:0} ms to fail with the breaker open.");
        Assert.Equal(CircuitState.Closed, database.CircuitState);

        var stored = (await database.From(table).Select("id").ToListAsync<long>()).ToHashSet();
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged commit(s) are missing after the restart: {string.Join(", ", lost.Take(10))}");
    }

    private static string Describe(IEnumerable<Failure> failures) =>
        string.Join("; ", failures.GroupBy(f => (f.Phase, f.Type.Name)).Select(g => $"{g.Key.Phase} {g.Key.Name} ×{g.Count()}"));
}
