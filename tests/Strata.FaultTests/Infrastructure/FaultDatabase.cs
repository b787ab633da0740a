using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Where the command-fault loops and the hostile input run: SQLite files and the shared PostgreSQL server as the integration
/// tests open them, and a MariaDB server of the suite's own (started once on first use, removed when the test process exits).
/// The shared MariaDB crashed with a segfault twice while an earlier version of this suite killed its connections, read
/// <c>information_schema.innodb_trx</c> as root and sent it hostile input beside other clients; the cause was not found (the
/// suite's own server has not crashed under the same work), so none of that is sent to the shared server any more.
/// </summary>
public static class FaultDatabase
{
    private static readonly object Starting = new();
    private static Task<OwnServer>? _mariaDb;

    /// <summary>The suite's MariaDB, started on first use; a start that failed is tried again by the next test, not kept as every test's failure.</summary>
    private static Task<OwnServer> MariaDb()
    {
        lock (Starting)
        {
            if (_mariaDb is { IsFaulted: true } or { IsCanceled: true }) _mariaDb = null;
            return _mariaDb ??= StartMariaDbAsync();
        }
    }

    /// <summary>The URL the loops use for <paramref name="db"/>: a fresh SQLite file, the shared PostgreSQL, or the suite's MariaDB.</summary>
    public static async Task<string> UrlAsync(Db db)
    {
        if (db != Db.MariaDb) return TestDatabase.Url(db);
        await RestartIfCrashedAsync();
        return (await MariaDb()).Url;
    }

    /// <summary>
    /// Starts the suite's MariaDB again when it crashed, and says where its crash report was kept (null when it had not crashed),
    /// so that one crash of the server fails one test rather than every MariaDB test after it.
    /// </summary>
    /// <remarks>
    /// MariaDB 10.11 has crashed here a few times with a NULL dereference (segfault in <c>mariadbd</c>, seen in the kernel log)
    /// while the loops killed its connections; a crash of the server is not a Strata failure, but it is reported, never hidden.
    /// </remarks>
    public static async Task<string?> RestartIfCrashedAsync()
    {
        if (Volatile.Read(ref _mariaDb) is not { IsCompletedSuccessfully: true } started) return null;
        var server = await started;
        await Restart.WaitAsync();
        try
        {
            if (!server.HasCrashed) return null;
            var log = await server.RestartAfterCrashAsync();
            Console.Error.WriteLine($"The suite's MariaDB server crashed and was started again; its error log is kept at {log}.");
            return log;
        }
        finally
        {
            Restart.Release();
        }
    }

    private static readonly SemaphoreSlim Restart = new(1, 1);

    /// <summary>The suite's MariaDB server, for asking it about sessions as root through its socket.</summary>
    public static Task<OwnServer> MariaDbServerAsync() => MariaDb();

    /// <summary>Opens <paramref name="db"/> as <see cref="UrlAsync"/> says, with the test databases' naming convention.</summary>
    public static async Task<Database> OpenAsync(Db db, Action<DatabaseOptions>? configure = null)
    {
        var url = await UrlAsync(db);
        return await TestDatabase.OpenAsync(db, o =>
        {
            o.Url = url;
            configure?.Invoke(o);
        });
    }

    private static async Task<OwnServer> StartMariaDbAsync()
    {
        var server = await OwnServer.MariaDbAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
