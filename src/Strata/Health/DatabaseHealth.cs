using System.Diagnostics;
using Strata.Providers;

namespace Strata;

/// <summary>How a database is doing, as <see cref="DatabaseHealthExtensions.CheckHealthAsync(IDatabase, DatabaseHealthOptions?, CancellationToken)"/> found it.</summary>
public enum DatabaseHealthStatus
{
    /// <summary>It answered in time and nothing is wrong.</summary>
    Healthy,

    /// <summary>It answered, but something needs attention: migrations pending or failed, a slow answer, callers waiting for connections.</summary>
    Degraded,

    /// <summary>It did not answer, or the answer was an error.</summary>
    Unhealthy,
}

/// <summary>What a health check found. Holds no secret: the target shows no password.</summary>
/// <param name="Status">The overall status.</param>
/// <param name="Description">One line for an operator: what is wrong, or that all is well.</param>
/// <param name="System">The database system as its URL scheme (<c>postgres</c>, <c>mariadb</c>, <c>sqlite</c>, …).</param>
/// <param name="Target">Where it is (host, port, database, or the SQLite file), without credentials.</param>
/// <param name="RoundTrip">How long a trivial query took, or null when it failed.</param>
/// <param name="Pool">A snapshot of the connection pool.</param>
/// <param name="PendingMigrations">Migrations known to the sources and not applied yet.</param>
/// <param name="FailedMigrations">Migrations whose run failed or whose applied file changed since.</param>
/// <param name="Problems">Each thing found wrong, one per line; empty when healthy.</param>
/// <param name="Error">The error that made it unhealthy, if any.</param>
/// <param name="Circuit">The circuit breaker on opening connections; open makes the database unhealthy.</param>
public sealed record DatabaseHealthReport(
    DatabaseHealthStatus Status,
    string Description,
    string System,
    string Target,
    TimeSpan? RoundTrip,
    PoolStatistics Pool,
    int PendingMigrations,
    int FailedMigrations,
    IReadOnlyList<string> Problems,
    Exception? Error,
    CircuitState Circuit)
{
    /// <summary>The report as flat name/value pairs, for a health-check response or a log scope.</summary>
    public IReadOnlyDictionary<string, object> ToData()
    {
        var data = new Dictionary<string, object>
        {
            ["system"] = System,
            ["target"] = Target,
            ["pool.total"] = Pool.Total,
            ["pool.idle"] = Pool.Idle,
            ["pool.busy"] = Pool.Busy,
            ["pool.waiting"] = Pool.Waiting,
            ["migrations.pending"] = PendingMigrations,
            ["migrations.failed"] = FailedMigrations,
            ["circuit"] = Circuit.ToString(),
        };
        if (RoundTrip is { } rtt) data["round_trip_ms"] = Math.Round(rtt.TotalMilliseconds, 3);
        if (Error is not null) data["error"] = Error.GetType().Name;
        return data;
    }
}

/// <summary>What a health check looks at and when it calls a database degraded.</summary>
public sealed record DatabaseHealthOptions
{
    /// <summary>The defaults: a 5-second timeout, degraded above a 1-second round trip, migrations checked.</summary>
    public static DatabaseHealthOptions Default { get; } = new();

    /// <summary>How long the whole check may take before the database counts as unhealthy.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A round trip slower than this makes the database degraded.</summary>
    public TimeSpan DegradedRoundTrip { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Report pending and failed migrations (as degraded). Reads the history table; creates nothing.</summary>
    public bool CheckMigrations { get; init; } = true;
}

/// <summary>Health checks without the health-check stack: <c>var report = await db.CheckHealthAsync();</c>.</summary>
public static class DatabaseHealthExtensions
{
    /// <summary>
    /// Checks every database of the manager at once (opening those not used yet), as <see cref="CheckHealthAsync(IDatabase, DatabaseHealthOptions?, CancellationToken)"/>
    /// does for one. A database whose options are invalid is reported unhealthy rather than thrown.
    /// </summary>
    /// <param name="databases">The manager.</param>
    /// <param name="options">Thresholds; <see cref="DatabaseHealthOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>A report per database name, names compared ignoring case.</returns>
    public static async Task<IReadOnlyDictionary<string, DatabaseHealthReport>> CheckHealthAsync(this DatabaseManager databases,
        DatabaseHealthOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(databases);
        var names = databases.Names;
        var reports = await Task.WhenAll(names.Select(async name =>
        {
            Database database;
            try
            {
                database = databases.Get(name);
            }
            catch (DatabaseConfigurationException e)
            {
                return new DatabaseHealthReport(DatabaseHealthStatus.Unhealthy, $"The database '{name}' cannot be opened: {e.Message}",
                    "unknown", name, null, default, 0, 0, [$"misconfigured: {e.Message}"], e, CircuitState.Closed);
            }
            return await database.CheckHealthAsync(options, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
        var byName = new Dictionary<string, DatabaseHealthReport>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++) byName[names[i]] = reports[i];
        return byName;
    }

    /// <summary>
    /// Pings the database, timing the round trip, reads the pool and (when configured) the migration status.
    /// Unhealthy when the ping fails or times out; degraded when it is slow, callers wait for connections, or
    /// migrations are pending or failed.
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="options">Thresholds; <see cref="DatabaseHealthOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the check (which then throws, rather than reporting unhealthy).</param>
    /// <returns>The report; never throws for a database that is down.</returns>
    public static async Task<DatabaseHealthReport> CheckHealthAsync(this IDatabase database, DatabaseHealthOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        options ??= DatabaseHealthOptions.Default;
        var settings = database.Settings;
        var system = settings.Scheme;
        var target = Target(settings);
        var problems = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);

        TimeSpan? roundTrip = null;
        Exception? error = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await database.PingAsync(timeout.Token).ConfigureAwait(false);
            roundTrip = Stopwatch.GetElapsedTime(started);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            error = new DatabaseTimeoutException($"The database did not answer within {options.Timeout.TotalSeconds:0.###} s.", new DatabaseErrorDetails(system), e);
        }
        catch (Exception e) when (e is DatabaseException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            error = e;
        }

        var pool = database.GetPoolStatistics();
        var circuit = database.CircuitState;
        if (error is not null)
            return new DatabaseHealthReport(DatabaseHealthStatus.Unhealthy, $"{system} at {target} is unreachable: {error.Message}",
                system, target, null, pool, 0, 0, [$"unreachable: {error.GetType().Name}"], error, circuit);

        if (roundTrip > options.DegradedRoundTrip)
            problems.Add($"slow: the round trip took {roundTrip.Value.TotalMilliseconds:0} ms (more than {options.DegradedRoundTrip.TotalMilliseconds:0} ms)");
        if (pool.Waiting > 0) problems.Add($"pool exhausted: {pool.Waiting} caller(s) waiting for a connection");

        int pending = 0, failed = 0;
        if (options.CheckMigrations)
        {
            try
            {
                var status = await database.Migrator.StatusAsync(timeout.Token).ConfigureAwait(false);
                pending = status.Count(s => s.State == MigrationState.Pending);
                failed = status.Count(s => s.State is MigrationState.Failed or MigrationState.ChecksumChanged);
            }
            catch (Exception e) when (e is DatabaseException or MigrationException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                problems.Add($"migration status unreadable: {e.GetType().Name}");
            }
            if (pending > 0) problems.Add($"{pending} migration(s) pending");
            if (failed > 0) problems.Add($"{failed} migration(s) failed or changed since applied");
        }

        var healthy = problems.Count == 0;
        return new DatabaseHealthReport(
            healthy ? DatabaseHealthStatus.Healthy : DatabaseHealthStatus.Degraded,
            healthy ? $"{system} at {target} answered in {roundTrip!.Value.TotalMilliseconds:0.#} ms" : $"{system} at {target}: {string.Join("; ", problems)}",
            system, target, roundTrip, pool, pending, failed, problems, null, circuit);
    }

    private static string Target(ConnectionSettings settings)
    {
        if (settings.FilePath is not null) return settings.FilePath;
        if (settings.Host is null) return settings.Scheme;
        return $"{settings.Host}{(settings.Port is null ? "" : ":" + settings.Port)}/{settings.Database}";
    }
}
