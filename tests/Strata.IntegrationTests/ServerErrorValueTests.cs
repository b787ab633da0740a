using Microsoft.Extensions.DependencyInjection;
using Strata.IntegrationTests.Hosting;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// Errors whose server text quotes the parameter value (PostgreSQL 22P02, MySQL 1366, a SQLite JSON path): the value is
/// masked in the message, <c>ToString()</c> (inner exceptions included), events and logs, with the code and column kept,
/// unless <see cref="DatabaseOptions.IncludeValuesInErrors"/> keeps the server's text.
/// </summary>
public class ServerErrorValueTests
{
    private const string Secret = "leaked-input-3c9e";

    [Theory, AllDatabases]
    public async Task A_value_the_server_quotes_is_masked_in_the_message_ToString_events_and_logs(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var scope = await SchemaScope.OpenAsync(db, o => o.LoggerFactory = logs);
        Exception? fromEvent = null;
        scope.Db.Events.QueryFailed += (_, e) => fromEvent = e.Error;

        var e = await ProvokeAsync(scope);

        Assert.Equal(typeof(DatabaseException), e.GetType());
        Assert.Contains("***", e.Message);
        Assert.Same(e, fromEvent);
        var text = e.ToString();
        foreach (var shown in new[] { e.Message, text, fromEvent!.Message, fromEvent.ToString(), string.Join("\n", logs.Lines.Select(l => l.Message)) })
            Assert.DoesNotContain(Secret, shown);
        // The driver's error is rendered as the cause, redacted too.
        Assert.Contains(" ---> " + DriverException(db), text);
        switch (db)
        {
            case Db.Postgres:
                Assert.Equal("22P02", e.SqlState);
                Assert.Contains("invalid input syntax for type integer: \"***\"", e.Message);
                break;
            case Db.MariaDb:
                Assert.Equal(1366, e.ErrorNumber);
                Assert.Equal("n", e.Column);
                Assert.StartsWith("Incorrect integer value: '***' for column", e.Message);
                break;
            default:
                Assert.Equal(1, e.ErrorNumber);
                Assert.Contains("bad JSON path: '***'", e.Message);
                break;
        }
    }

    [Theory, AllDatabases]
    public async Task IncludeValuesInErrors_keeps_the_server_text(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, o => o.IncludeValuesInErrors = true);

        var e = await ProvokeAsync(scope);

        Assert.Contains(Secret, e.Message);
        Assert.Contains(Secret, e.ToString());
    }

    [Theory, AllDatabases]
    public async Task A_duplicate_key_shows_its_constraint_but_not_its_value_in_ToString(Db db)
    {
        // A native connection string on PostgreSQL, so that Npgsql passes the detail ("Key (email)=(…) already exists.") on.
        await using var scope = await SchemaScope.OpenAsync(db, o =>
        {
            if (db != Db.Postgres) return;
            o.Url = null;
            o.Provider = "postgres";
            o.ConnectionString = "Host=127.0.0.1;Port=5432;Username=strata;Password=strata;Database=strata_test;Include Error Detail=true";
        });
        var table = scope.Table("err_dup");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Integer("id").PrimaryKey();
            t.String("email", 100).Unique();
        }).ExecuteAsync();
        await scope.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, email) VALUES ({1}, {Secret})");

        var e = await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, email) VALUES ({2}, {Secret})"));

        var text = e.ToString();
        Assert.DoesNotContain(Secret, e.Message);
        Assert.DoesNotContain(Secret, text);
        Assert.Contains(" ---> " + DriverException(db), text);
        if (db != Db.MariaDb) Assert.Equal("email", e.Column); // MySQL names only the key
        if (db == Db.Postgres) Assert.Contains("Key (email)=(***) already exists.", text);
        if (db == Db.MariaDb) Assert.StartsWith("Duplicate entry '***' for key '", e.Message);
    }

    [Fact]
    public async Task IncludeValuesInErrors_comes_from_configuration()
    {
        var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:main"] = "sqlite:" + TestDatabase.NewSqliteFile(),
            ["Strata:Databases:main:IncludeValuesInErrors"] = "true",
        });
        await host.StartAsync();
        try
        {
            var db = host.Services.GetRequiredService<IDatabase>();
            var e = await Assert.ThrowsAsync<DatabaseException>(() => db.ScalarAsync<string>($"SELECT json_extract('{{\"a\":1}}', {"$.[" + Secret})"));
            Assert.Contains(Secret, e.Message);
        }
        finally
        {
            await TestHost.StopAsync(host);
        }
    }

    /// <summary>Sends the secret as a parameter the server cannot use and quotes in its error.</summary>
    private static async Task<DatabaseException> ProvokeAsync(SchemaScope scope)
    {
        switch (scope.Kind)
        {
            case Db.Postgres:
                return await Assert.ThrowsAsync<DatabaseException>(() => scope.Db.ScalarAsync<int>($"SELECT CAST({Secret} AS integer)"));
            case Db.MariaDb:
                var table = scope.Table("err_val");
                await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                return await Assert.ThrowsAsync<DatabaseException>(() => scope.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, n) VALUES ({1}, {Secret})"));
            default:
                return await Assert.ThrowsAsync<DatabaseException>(() => scope.Db.ScalarAsync<string>($"SELECT json_extract('{{\"a\":1}}', {"$.[" + Secret})"));
        }
    }

    private static string DriverException(Db db) => db switch
    {
        Db.Postgres => "Npgsql.PostgresException: ",
        Db.MariaDb => "MySqlConnector.MySqlException: ",
        _ => "Microsoft.Data.Sqlite.SqliteException: ",
    };
}
