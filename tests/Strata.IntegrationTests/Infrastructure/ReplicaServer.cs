using System.Diagnostics;
using Strata.Providers;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL streaming replica the replica tests read from (<c>scripts/services.sh replica</c> starts it on
/// 127.0.0.1:5433), and stopping and starting it for the failover tests.
/// </summary>
public static class ReplicaServer
{
    public const string Collection = "PostgreSQL replica";

    public static string Url =>
        Environment.GetEnvironmentVariable("STRATA_POSTGRES_REPLICA_URL") ?? "postgres://strata:strata@127.0.0.1:5433/strata_test";

    /// <summary>True when the developer left the replica tests out on purpose (<c>STRATA_SKIP=replica</c> or <c>postgres</c>).</summary>
    public static bool Skipped => (Environment.GetEnvironmentVariable("STRATA_SKIP") ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Any(s => s.Equals("replica", StringComparison.OrdinalIgnoreCase) || s.Equals("postgres", StringComparison.OrdinalIgnoreCase));

    /// <summary>Fails with how to start the replica when it does not answer as a standby.</summary>
    public static async Task EnsureReachableAsync()
    {
        await using var replica = Database.Open(Url);
        bool inRecovery;
        try
        {
            inRecovery = await replica.ScalarAsync<bool>($"SELECT pg_is_in_recovery()");
        }
        catch (ConnectionFailureException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL replica is not reachable ({ConnectionStringRedactor.Redact(Url)}): {e.Message}. Start it with 'scripts/services.sh replica' " +
                "(scripts/test.sh does), or point STRATA_POSTGRES_REPLICA_URL at one; STRATA_SKIP=replica leaves these tests out on purpose.", e);
        }
        if (!inRecovery)
            throw new InvalidOperationException(
                $"{ConnectionStringRedactor.Redact(Url)} answers but is not a standby (pg_is_in_recovery() is false). Point STRATA_POSTGRES_REPLICA_URL at a streaming replica.");
        // A replica just started (a test stopped it) accepts connections before its WAL receiver reconnects to the primary
        // (the view has a row while the receiver runs; its columns are hidden from roles without pg_read_all_stats).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await replica.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_wal_receiver") == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"{ConnectionStringRedactor.Redact(Url)} is a standby but has not streamed from the primary for 30 s: see its log.");
            await Task.Delay(100);
        }
    }

    /// <summary>Opens the primary with the replica (or <paramref name="replicas"/>) after checking the replica answers.</summary>
    public static async Task<Database> OpenAsync(Action<DatabaseOptions>? configure = null, params string[] replicas)
    {
        await EnsureReachableAsync();
        return await TestDatabase.OpenAsync(Db.Postgres, options =>
        {
            foreach (var replica in replicas.Length == 0 ? [Url] : replicas) options.Replicas.Add(replica);
            configure?.Invoke(options);
        });
    }

    /// <summary>The replica URL with <paramref name="option"/> added to its query string.</summary>
    public static string UrlWith(string option) => Url + (Url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + option;

    /// <summary>Stops the replica as an administrator would (fast shutdown: sessions are cut off).</summary>
    public static Task StopAsync() => PgCtlAsync($"-D '{DataDirectory}' -m fast -w stop");

    /// <summary>Starts the replica the way <c>scripts/services.sh replica</c> does, and waits until it accepts connections.</summary>
    public static Task StartAsync() =>
        PgCtlAsync($"-D '{DataDirectory}' -o '-c config_file={DataDirectory}/postgresql.conf' -l '{DataDirectory}.log' -w -t 60 start");

    /// <summary>Starts the replica again if it is stopped; a no-op when it runs.</summary>
    public static async Task EnsureRunningAsync()
    {
        if (await RunAsync($"{PgCtl} -D '{DataDirectory}' status") != 0) await StartAsync();
    }

    private static string DataDirectory => Environment.GetEnvironmentVariable("STRATA_POSTGRES_REPLICA_DIR") ?? $"/var/lib/postgresql/{Version}/replica";

    private static string Version => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(PgCtl)))!;

    private static string PgCtl =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).Where(File.Exists)
                .OrderBy(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).LastOrDefault()
              ?? throw new InvalidOperationException("No pg_ctl under /usr/lib/postgresql: install PostgreSQL with 'scripts/services.sh'.")
            : throw new InvalidOperationException("The failover tests stop and start a local replica with pg_ctl, which is not installed. Run 'scripts/services.sh replica'.");

    private static async Task PgCtlAsync(string arguments)
    {
        if (!Directory.Exists(DataDirectory))
            throw new InvalidOperationException(
                $"The failover tests stop and start the replica in {DataDirectory}, which does not exist. Run 'scripts/services.sh replica', or set STRATA_POSTGRES_REPLICA_DIR.");
        var code = await RunAsync($"{PgCtl} {arguments}");
        if (code != 0) throw new InvalidOperationException($"pg_ctl {arguments} exited with {code}; see {DataDirectory}.log.");
    }

    /// <summary>Runs a shell command as the postgres user (through su when the tests run as root, as on CI).</summary>
    private static async Task<int> RunAsync(string command)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "su" : "/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot) foreach (var a in new[] { "postgres", "-s", "/bin/sh", "-c", command }) start.ArgumentList.Add(a);
        else foreach (var a in new[] { "-c", command }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }
}

/// <summary>A test against the PostgreSQL replica: skipped only when <c>STRATA_SKIP</c> names it, never because the replica is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReplicaFactAttribute : FactAttribute
{
    public ReplicaFactAttribute()
    {
        if (ReplicaServer.Skipped) Skip = "STRATA_SKIP leaves the PostgreSQL replica out.";
    }
}

/// <summary>Runs the replica test classes one after another: the failover tests stop the replica the others read from.</summary>
[CollectionDefinition(ReplicaServer.Collection, DisableParallelization = true)]
public sealed class ReplicaCollection;
