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
    private static readonly Lazy<Task<OwnServer>> MariaDb = new(StartMariaDbAsync);

    /// <summary>The URL the loops use for <paramref name="db"/>: a fresh SQLite file, the shared PostgreSQL, or the suite's MariaDB.</summary>
    public static async Task<string> UrlAsync(Db db) => db == Db.MariaDb ? (await MariaDb.Value).Url : TestDatabase.Url(db);

    /// <summary>The suite's MariaDB server, for asking it about sessions as root through its socket.</summary>
    public static Task<OwnServer> MariaDbServerAsync() => MariaDb.Value;

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
