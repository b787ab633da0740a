using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// A PostgreSQL or MariaDB server of the test's own: a fresh data folder under the temporary directory, its own port, started
/// by the test, killed and restarted at will, and removed at the end. The shared test servers are never touched. As root,
/// PostgreSQL runs as the postgres user (initdb refuses root) and MariaDB as root.
/// </summary>
public sealed class OwnServer : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private static readonly bool IsRoot = Environment.UserName == "root";
    private readonly bool _postgres;
    private readonly string[] _settings;
    private Process? _mariadbd;

    private OwnServer(bool postgres, string folder, int port, string[] settings)
    {
        _postgres = postgres;
        Folder = folder;
        Port = port;
        _settings = settings;
    }

    /// <summary>The server's folder: data, socket and logs.</summary>
    public string Folder { get; }

    public int Port { get; }

    /// <summary>MariaDB's socket, for the mysql client as root.</summary>
    public string Socket => Path.Combine(Folder, "sock");

    /// <summary>A URL for the server's database <c>fault</c> as its superuser.</summary>
    public string Url => _postgres ? $"postgres://postgres:unused@127.0.0.1:{Port}/fault?sslmode=disable" : $"mariadb://root@127.0.0.1:{Port}/fault?sslmode=disable";

    /// <summary>The server's log: PostgreSQL's log file, or MariaDB's general log.</summary>
    public string LogFile => Path.Combine(Folder, _postgres ? "server.log" : "general.log");

    /// <summary>Creates and starts a PostgreSQL cluster with extra <c>-c name=value</c> settings.</summary>
    public static Task<OwnServer> PostgresAsync(params string[] settings) => StartNewAsync(true, settings);

    /// <summary>Creates and starts a MariaDB server with extra <c>--name=value</c> options.</summary>
    public static Task<OwnServer> MariaDbAsync(params string[] options) => StartNewAsync(false, options);

    private static async Task<OwnServer> StartNewAsync(bool postgres, string[] settings)
    {
        RemoveAbandoned();
        var folder = Directory.CreateTempSubdirectory(postgres ? "strata-fault-pg-" : "strata-fault-mariadb-").FullName;
        var server = new OwnServer(postgres, folder, FreePort(), settings);
        try
        {
            if (postgres)
            {
                if (IsRoot) await Shell.RunAsync("chown", ["postgres", folder]);
                await AsServerUserAsync($"{PgBin}/initdb", ["-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
            }
            else
            {
                // Temporary tables go to the server's own folder, not the shared /tmp: a server that crashed leaves its temporary-table
                // files behind, named by process id, and a later server given the same id (ids wrap at 32,768 here) then fails to
                // create its own; MariaDB 10.11 crashes on that failure, and its bootstrap aborts ("Could not remove temporary table").
                Directory.CreateDirectory(Path.Combine(folder, "tmp"));
                await Shell.RunAsync("mariadb-install-db", ["--no-defaults", $"--datadir={Path.Combine(folder, "data")}", $"--tmpdir={Path.Combine(folder, "tmp")}",
                    $"--user={Environment.UserName}", "--auth-root-authentication-method=normal", "--skip-test-db"], timeout: TimeSpan.FromSeconds(120));
            }
            await server.StartAsync();
            if (postgres)
                await AsServerUserAsync("psql", ["-h", folder, "-p", server.Port.ToString(), "-U", "postgres", "-c", "CREATE DATABASE fault"]);
            else
                await Shell.RunAsync("mysql", ["-uroot", $"--socket={Path.Combine(folder, "sock")}", "-e", "CREATE DATABASE fault"]);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_postgres)
        {
            var options = string.Join(' ', new[] { $"-p {Port}", $"-k {Folder}", "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c full_page_writes=off" }
                .Concat(_settings.Select(s => $"-c {s}")));
            await AsServerUserAsync($"{PgBin}/pg_ctl", ["-D", Path.Combine(Folder, "data"), "-o", options, "-l", LogFile, "-w", "-t", "60", "start"]);
            return;
        }
        var info = new ProcessStartInfo("mariadbd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "--no-defaults", $"--datadir={Path.Combine(Folder, "data")}", $"--tmpdir={Path.Combine(Folder, "tmp")}", $"--port={Port}", $"--socket={Path.Combine(Folder, "sock")}",
            "--bind-address=127.0.0.1", $"--user={Environment.UserName}", $"--log-error={Path.Combine(Folder, "error.log")}",
            $"--pid-file={Path.Combine(Folder, "mariadbd.pid")}", "--innodb-buffer-pool-size=32M", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=1",
            $"--general-log-file={LogFile}", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
        }.Concat(_settings)) info.ArgumentList.Add(a);
        _mariadbd = Process.Start(info) ?? throw new InvalidOperationException("mariadbd did not start.");
        _mariadbd.BeginOutputReadLine();
        _mariadbd.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Shell.RunAsync("mysql", ["-uroot", $"--socket={Path.Combine(Folder, "sock")}", "-e", "SELECT 1"], timeout: TimeSpan.FromSeconds(5));
                return;
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_mariadbd.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>True when the MariaDB server's process ended without being told to (it crashed).</summary>
    public bool HasCrashed => !_postgres && _mariadbd is { HasExited: true };

    /// <summary>
    /// Keeps a copy of a crashed MariaDB server's error log (its crash report) beside the temporary folders, starts the server
    /// again on the same data (InnoDB recovers) and returns where the copy is.
    /// </summary>
    public async Task<string> RestartAfterCrashAsync()
    {
        var kept = Path.Combine(Path.GetTempPath(), $"strata-fault-mariadb-crash-{DateTime.UtcNow:yyyyMMddHHmmss}.log");
        File.Copy(Path.Combine(Folder, "error.log"), kept, overwrite: true);
        _mariadbd?.Dispose();
        _mariadbd = null;
        await StartAsync();
        return kept;
    }

    /// <summary>Kills the server without warning: PostgreSQL's immediate stop (no checkpoint), MariaDB with SIGKILL.</summary>
    public async Task KillAsync()
    {
        if (_postgres)
        {
            await AsServerUserAsync($"{PgBin}/pg_ctl", ["-D", Path.Combine(Folder, "data"), "-m", "immediate", "-w", "stop"]);
            return;
        }
        if (_mariadbd is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _mariadbd?.Dispose();
        _mariadbd = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_postgres)
            {
                if (File.Exists(Path.Combine(Folder, "data", "postmaster.pid"))) await KillAsync();
            }
            else await KillAsync();
        }
        finally
        {
            // A server that crashed says why in its error log, which would go with the folder: it is kept beside it.
            var errors = Path.Combine(Folder, "error.log");
            if (File.Exists(errors) && File.ReadAllText(errors).Contains("got signal", StringComparison.Ordinal))
                File.Copy(errors, Folder + "-crash.log", true);
            Directory.Delete(Folder, true);
        }
    }

    /// <summary>
    /// Removes the folders of servers that an earlier test process started and could not remove (a server kept for the whole run
    /// is removed as the process exits, which may be cut short): older than 10 minutes, their server no longer running.
    /// </summary>
    private static void RemoveAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "strata-fault-*-*"))
        {
            var name = Path.GetFileName(folder);
            if (!(name.StartsWith("strata-fault-pg-", StringComparison.Ordinal) || name.StartsWith("strata-fault-mariadb-", StringComparison.Ordinal))) continue;
            if (DateTime.UtcNow - Directory.GetCreationTimeUtc(folder) < TimeSpan.FromMinutes(10)) continue;
            var pidFile = new[] { Path.Combine(folder, "mariadbd.pid"), Path.Combine(folder, "data", "postmaster.pid") }.FirstOrDefault(File.Exists);
            if (pidFile is not null && int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid) && Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static Task<string> AsServerUserAsync(string program, IEnumerable<string> arguments) =>
        IsRoot ? Shell.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], timeout: TimeSpan.FromSeconds(120))
               : Shell.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(120));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
