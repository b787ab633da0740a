using Strata.Testing;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own for one test, made by Strata.Testing, for operations that must never touch the shared test database
/// (dropping everything, emptying every table): a temporary SQLite file, or a new PostgreSQL or MariaDB database, dropped when
/// disposed (MariaDB's grant revoked) and swept after a killed run. MariaDB's databases are made by the machine's root through
/// the server's socket, as scripts/services.sh sets it up (STRATA_MARIADB_ADMIN, a MySqlConnector connection string, overrides it).
/// </summary>
public static class FreshDatabase
{
    private static string MariaDbAdmin =>
        Environment.GetEnvironmentVariable("STRATA_MARIADB_ADMIN") ?? "Server=/run/mysqld/mysqld.sock;Protocol=Unix;User ID=root";

    /// <summary>Creates the database, applying what <paramref name="configure"/> sets up (migrations, say).</summary>
    public static Task<Strata.Testing.TestDatabase> CreateAsync(Db db, Action<DatabaseOptions>? configure = null) =>
        Strata.Testing.TestDatabase.CreateAsync(db == Db.Sqlite ? "sqlite:temp" : TestDatabase.Url(db), new TestDatabaseOptions
        {
            Configure = configure,
            // Each schema here is used once: copying a template would only add the template's own migration.
            UseTemplate = false,
            Admin = db == Db.MariaDb ? new DatabaseOptions { Provider = "mariadb", ConnectionString = MariaDbAdmin } : null,
        });
}
