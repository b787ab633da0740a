
namespace Strata.IntegrationTests.Infrastructure;

/// <summary>Opens the test database for a <see cref="Db"/>, with instructions when its server is missing.</summary>
public static class TestDatabase
{
    public const string PostgresPassword = "strata";

    public static string PostgresUrl =>
        Environment.GetEnvironmentVariable("STRATA_POSTGRES_URL") ?? "postgres://strata:strata@127.0.0.1:5432/strata_test";

    public static string MariaDbUrl =>
        Environment.GetEnvironmentVariable("STRATA_MARIADB_URL") ?? "mariadb://strata:strata@127.0.0.1:3306/strata_test";

    private static readonly string SqliteDirectory = Path.Combine(Path.GetTempPath(), "strata-tests");

    /// <summary>A fresh SQLite file path, or the server URL.</summary>
    public static string Url(Db db) => db switch
    {
        Db.Sqlite => "sqlite:" + NewSqliteFile(),
        Db.Postgres => PostgresUrl,
        _ => MariaDbUrl,
    };

    public static string NewSqliteFile()
    {
        Directory.CreateDirectory(SqliteDirectory);
        return Path.Combine(SqliteDirectory, $"t{Guid.NewGuid():N}.db");
    }

    /// <summary>
    /// The naming convention every test database opens with unless the test sets its own: snake_case, or
    /// <see cref="NamingConvention.Exact"/> when <c>STRATA_TEST_NAMING=exact</c>. scripts/test.sh runs the suite once
    /// each way, so Strata's own queries are shown to work under either; a test whose schema or point is one
    /// convention's names pins that convention in its options.
    /// </summary>
    public static NamingConvention Naming { get; } = (Environment.GetEnvironmentVariable("STRATA_TEST_NAMING")?.Trim().ToLowerInvariant()) switch
    {
        null or "" or "snake" or "snakecase" or "snake_case" => NamingConvention.SnakeCase,
        "exact" => NamingConvention.Exact,
        var other => throw new InvalidOperationException($"STRATA_TEST_NAMING '{other}' is not valid: use exact, or leave it unset for snake_case."),
    };

    /// <summary>Pins snake_case, for tests whose tables have snake_case columns that entities or anonymous objects name.</summary>
    public static void SnakeCase(DatabaseOptions options) => options.NamingConvention = NamingConvention.SnakeCase;

    /// <summary>Opens and pings the database; a missing server fails with how to start it.</summary>
    public static async Task<Database> OpenAsync(Db db, Action<DatabaseOptions>? configure = null)
    {
        var options = new DatabaseOptions { Url = Url(db), NamingConvention = Naming };
        configure?.Invoke(options);
        var database = Database.Open(options);
        try
        {
            await database.PingAsync();
        }
        catch (ConnectionFailureException e)
        {
            await database.DisposeAsync();
            throw new InvalidOperationException(
                $"{db} is not reachable ({database.Settings}): {e.Message}. Start the test servers with 'scripts/services.sh' " +
                $"(or point STRATA_{db.ToString().ToUpperInvariant()}_URL at one; STRATA_SKIP={db.ToString().ToLowerInvariant()} leaves it out on purpose).", e);
        }
        return database;
    }

    /// <summary>A table name unique to one test run, so tests never share data.</summary>
    public static string Table(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";
}
