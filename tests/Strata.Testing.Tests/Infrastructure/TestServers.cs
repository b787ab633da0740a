namespace Strata.Testing.Tests.Infrastructure;

/// <summary>
/// Where the test servers are (scripts/services.sh starts them; STRATA_POSTGRES_URL and STRATA_MARIADB_URL point elsewhere), and
/// the MariaDB account allowed to create databases: the machine's root through the server's socket, as scripts/services.sh sets
/// it up (STRATA_MARIADB_ADMIN, a MySqlConnector connection string, overrides it).
/// </summary>
public static class TestServers
{
    public static string PostgresUrl =>
        Environment.GetEnvironmentVariable("STRATA_POSTGRES_URL") ?? "postgres://strata:strata@127.0.0.1:5432/strata_test";

    public static string MariaDbUrl =>
        Environment.GetEnvironmentVariable("STRATA_MARIADB_URL") ?? "mariadb://strata:strata@127.0.0.1:3306/strata_test";

    public static string MariaDbAdmin =>
        Environment.GetEnvironmentVariable("STRATA_MARIADB_ADMIN") ?? "Server=/run/mysqld/mysqld.sock;Protocol=Unix;User ID=root";

    /// <summary>The URL TestDatabase.CreateAsync is given for <paramref name="db"/>.</summary>
    public static string Url(Db db, bool inMemory = false) => db switch
    {
        Db.Sqlite => inMemory ? "sqlite::memory:" : "sqlite:temp",
        Db.Postgres => PostgresUrl,
        _ => MariaDbUrl,
    };

    /// <summary>Options for <paramref name="db"/>: MariaDB's with its admin account.</summary>
    public static TestDatabaseOptions Options(Db db, Action<DatabaseOptions>? configure = null, bool useTemplate = true) => new()
    {
        Configure = configure,
        UseTemplate = useTemplate,
        Admin = db == Db.MariaDb ? new DatabaseOptions { Provider = "mariadb", ConnectionString = MariaDbAdmin } : null,
    };
}
