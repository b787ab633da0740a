using System.Diagnostics;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// A database created for one test and dropped after it, for operations that must never touch the shared test database
/// (dropping everything, emptying every table): a new SQLite file, a new PostgreSQL database (created by the strata user,
/// which has CREATEDB), or a new MariaDB database (created as root through the mysql client, with the strata user granted on it).
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly Db _db;
    private readonly string _name;

    private ScratchDatabase(Db db, string name, string url)
    {
        _db = db;
        _name = name;
        Url = url;
    }

    /// <summary>The new database's URL.</summary>
    public string Url { get; }

    /// <summary>Creates a fresh, empty database.</summary>
    public static async Task<ScratchDatabase> CreateAsync(Db db)
    {
        var name = $"strata_scratch_{Guid.NewGuid().ToString("N")[..12]}";
        switch (db)
        {
            case Db.Sqlite:
                var file = TestDatabase.NewSqliteFile();
                return new ScratchDatabase(db, file, "sqlite:" + file);
            case Db.Postgres:
                await using (var admin = await TestDatabase.OpenAsync(Db.Postgres))
                    await admin.ExecuteAsync(Sql.Raw($"CREATE DATABASE {name}"));
                return new ScratchDatabase(db, name, Replace(TestDatabase.PostgresUrl, name));
            default:
                await RootAsync($"CREATE DATABASE {name}; GRANT ALL PRIVILEGES ON {name}.* TO 'strata'@'localhost';");
                return new ScratchDatabase(db, name, Replace(TestDatabase.MariaDbUrl, name));
        }
    }

    /// <summary>Drops the database (closing what else is connected to it on PostgreSQL).</summary>
    public async ValueTask DisposeAsync()
    {
        switch (_db)
        {
            case Db.Sqlite:
                foreach (var file in new[] { _name, _name + "-wal", _name + "-shm" }) File.Delete(file);
                break;
            case Db.Postgres:
                await using (var admin = await TestDatabase.OpenAsync(Db.Postgres))
                    await admin.ExecuteAsync(Sql.Raw($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)"));
                break;
            default:
                // MariaDB keeps a grant on a dropped database: revoke it, or every scratch database leaves one behind.
                await RootAsync($"DROP DATABASE IF EXISTS {_name}; REVOKE ALL PRIVILEGES ON {_name}.* FROM 'strata'@'localhost';");
                break;
        }
    }

    /// <summary>The URL with its database (the last path segment; test URLs carry no query) replaced.</summary>
    private static string Replace(string url, string database) => url[..url.LastIndexOf('/')] + "/" + database;

    /// <summary>Runs SQL as MariaDB's root user, who logs in through the server's socket as the machine's root.</summary>
    private static async Task RootAsync(string sql)
    {
        var start = new ProcessStartInfo("mysql", ["-uroot", "-e", sql]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The mysql client could not be started.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mysql -uroot failed ({process.ExitCode}): {error.Trim()}. A scratch MariaDB database needs the machine's root user, as scripts/services.sh sets it up.");
    }
}
