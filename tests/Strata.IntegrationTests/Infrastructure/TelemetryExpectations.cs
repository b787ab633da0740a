using Strata.Providers;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>What a test database's spans and measurements should name it.</summary>
public static class TelemetryExpectations
{
    public static string SystemName(Db db) => db switch
    {
        Db.Sqlite => "sqlite",
        Db.Postgres => "postgresql",
        _ => "mariadb",
    };

    /// <summary><c>db.namespace</c>: the database name, or the SQLite file path.</summary>
    public static string Namespace(Database database) => database.Settings.Database ?? database.Settings.FilePath!;

    /// <summary><c>db.client.connection.pool.name</c>: host:port/database, or the SQLite file path.</summary>
    public static string PoolName(Database database)
    {
        ConnectionSettings s = database.Settings;
        return s.Host is null ? Namespace(database) : $"{s.Host}:{s.Port}/{s.Database}";
    }

    /// <summary>The database URL with <paramref name="password"/> in place of its own.</summary>
    public static string WithPassword(string url, string password) => new UriBuilder(url) { Password = password }.Uri.ToString();
}
