using System.Diagnostics;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// Stops and starts the local test servers, as <c>scripts/services.sh</c> runs them (a Debian PostgreSQL cluster, the
/// MariaDB service). Needs root or password-less sudo. Only for tests in the <see cref="ServerRestartCollection"/>,
/// which run alone.
/// </summary>
public static class ServerControl
{
    /// <summary>Stops the server abruptly for PostgreSQL (<c>-m immediate</c>: no checkpoint, crash recovery at start), cleanly for MariaDB.</summary>
    public static Task StopAsync(Db db) => db switch
    {
        Db.Postgres => RunAsync($"pg_ctlcluster {PostgresCluster()} stop -m immediate"),
        Db.MariaDb => RunAsync("service mariadb stop || service mysql stop"),
        _ => throw new ArgumentOutOfRangeException(nameof(db), db, "SQLite has no server."),
    };

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task StartAsync(Db db)
    {
        switch (db)
        {
            case Db.Postgres:
                await RunAsync($"pg_ctlcluster {PostgresCluster()} start");
                await RunAsync("for i in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 0.5; done; exit 1");
                break;
            case Db.MariaDb:
                await RunAsync("service mariadb start || service mysql start");
                await RunAsync("for i in $(seq 1 60); do mysqladmin -uroot status >/dev/null 2>&1 && exit 0; sleep 0.5; done; exit 1");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(db), db, "SQLite has no server.");
        }
    }

    /// <summary>The version and name of the cluster on port 5432 (<c>17 main</c>).</summary>
    private static string PostgresCluster()
    {
        var output = Run("pg_lsclusters -h");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && parts[2] == "5432") return $"{parts[0]} {parts[1]}";
        }
        throw new InvalidOperationException($"No PostgreSQL cluster on port 5432 in 'pg_lsclusters': {output}");
    }

    private static Task<string> RunAsync(string script) => Task.Run(() => Run(script));

    private static string Run(string script)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "bash" : "sudo")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!root)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("bash");
        }
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{script}' failed ({process.ExitCode}): {stderr.Trim()} — stopping and starting the test servers needs root or password-less sudo.");
        return stdout.Result;
    }
}

/// <summary>Tests that stop a server: run after every other test, one at a time, so nothing else sees the server go away.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerRestartCollection
{
    public const string Name = "server restarts";
}
