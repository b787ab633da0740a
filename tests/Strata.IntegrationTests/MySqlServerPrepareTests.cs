using Strata.IntegrationTests.Infrastructure;
using Strata.MySql;

namespace Strata.IntegrationTests;

/// <summary>
/// Server-side prepared statements on MariaDB: repeated parameterised statements are prepared (read from the session's
/// <c>Com_stmt_prepare</c> and <c>Com_stmt_execute</c> counters, on a pool of one connection so that the counters are that
/// connection's) with <c>server_prepare=auto</c>, give the same results as text statements; by default only explicit prepares
/// reach the server, and <c>server_prepare=off</c> turns preparing off.
/// </summary>
public class MySqlServerPrepareTests
{
    [Fact]
    public async Task A_repeated_parameterised_statement_is_prepared_once_and_then_executed_prepared()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        await using var names = await NamesTable.CreateAsync(database);
        var t = Sql.Identifier(names.Name);
        var before = await CountersAsync(database);
        for (var i = 0; i < 5; i++)
            Assert.Equal("name " + (i % 3 + 1), await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {i % 3 + 1}"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(3, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
        var after = await CountersAsync(database);

        // The first run goes as text; the second prepares it on the connection; every run from the second executes it.
        // The statement without parameters is never prepared.
        Assert.Equal(1, after.Prepare - before.Prepare);
        Assert.Equal(4, after.Execute - before.Execute);
        Assert.True(((MySqlDialect)database.Dialect).AutoPrepare);
    }

    [Fact]
    public async Task A_statement_prepared_on_a_pooled_connection_stays_prepared_for_later_commands_and_transactions()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        await using var names = await NamesTable.CreateAsync(database);
        var t = Sql.Identifier(names.Name);
        await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {1}");
        await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {2}");
        var before = await CountersAsync(database);
        await database.TransactionAsync(async tx =>
        {
            Assert.Equal("name 3", await tx.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {3}"));
            Assert.Equal(1, (await tx.ExecuteAsync($"UPDATE {t} SET name = {"three"} WHERE id = {3}")).RowsAffected);
        });
        Assert.Equal("three", await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {3}"));
        var after = await CountersAsync(database);

        // The select was prepared before and is not prepared again; the update runs for the first time, as text.
        Assert.Equal(0, after.Prepare - before.Prepare);
        Assert.Equal(2, after.Execute - before.Execute);
    }

    [Fact]
    public async Task At_most_128_distinct_statements_are_prepared_per_database()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        var before = await CountersAsync(database);
        for (var run = 0; run < 2; run++)
        {
            for (var n = 0; n < 140; n++)
                Assert.Equal(n + 1, await database.ScalarAsync<int>($"SELECT {Sql.Raw(n.ToString(System.Globalization.CultureInfo.InvariantCulture))} + {1}"));
        }
        var after = await CountersAsync(database);

        Assert.Equal(128, after.Prepare - before.Prepare);
        Assert.Equal(128, after.Execute - before.Execute);
    }

    [Fact]
    public async Task Results_are_the_same_with_and_without_server_prepare()
    {
        await using var prepared = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        await using var text = await TestDatabase.OpenAsync(Db.MariaDb, o => o.Url = WithOption(o.Url!, "server_prepare=off"));
        var table = TestDatabase.Table("prep_kinds");
        var t = Sql.Identifier(table);
        await prepared.ExecuteAsync($"""
            CREATE TABLE {t} (
                id BIGINT AUTO_INCREMENT PRIMARY KEY, i INT NOT NULL, big BIGINT NOT NULL, price DECIMAL(12, 4) NOT NULL,
                score DOUBLE NOT NULL, name VARCHAR(100) NOT NULL, note TEXT NULL, at DATETIME(6) NOT NULL, day DATE NOT NULL,
                span TIME(6) NOT NULL, flag BOOLEAN NOT NULL, guid CHAR(36) NOT NULL, data BLOB NULL, doc JSON NULL, small TINYINT NOT NULL)
            """);
        try
        {
            var ids = new List<long?>();
            for (var n = 0; n < 3; n++)
            {
                foreach (var db in new[] { prepared, text })
                {
                    var result = await db.ExecuteAsync($"""
                        INSERT INTO {t} (i, big, price, score, name, note, at, day, span, flag, guid, data, doc, small)
                        VALUES ({-7 + n}, {9_000_000_000L + n}, {12.3456m + n}, {0.125 + n}, {"it's \\ ü " + n}, {(n == 1 ? null : "note")},
                                {new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234560 + n * 10)}, {new DateOnly(2024, 1, 2 + n)},
                                {new TimeSpan(0, 3, 4, 5, 678) + TimeSpan.FromMicroseconds(9)}, {n % 2 == 0}, {Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff")},
                                {(n == 2 ? null : new byte[] { 0, 0xFF, 0x27, (byte)n })}, {"{\"a\": " + n + "}"}, {(sbyte)(n - 1)})
                        """);
                    Assert.Equal(1, result.RowsAffected);
                    ids.Add(result.LastInsertId);
                }
            }
            Assert.Equal(ids.Order().Select(id => id!.Value), await text.QueryAsync<long>($"SELECT id FROM {t} ORDER BY id"));

            string? textRows = null;
            for (var run = 0; run < 3; run++)
            {
                foreach (var db in new[] { prepared, text })
                {
                    var rows = await db.QueryAsync<IReadOnlyDictionary<string, object?>>($"SELECT * FROM {t} WHERE id > {0L} AND i > {-100} ORDER BY id");
                    var shown = Show(rows);
                    if (textRows is null) textRows = shown;
                    else Assert.Equal(textRows, shown);
                    Assert.Equal(-5, await db.ScalarAsync<int>($"SELECT i FROM {t} WHERE big = {9_000_000_002L}"));
                    // A column computed from parameters alone takes its type from the literal as text and from the parameter once
                    // prepared (5L is a BIGINT then, 2.5 a DOUBLE rather than a DECIMAL): typed reads give the same values.
                    var (n, l, d, f, b, e) = await db.QuerySingleAsync<(int, long, decimal, double, bool, long)>(
                        $"SELECT {5} AS n, {5L} AS l, {1.5m} AS d, {2.5} AS f, {true} AS b, {7} + 1 AS e");
                    Assert.Equal((5, 5L, 1.5m, 2.5, true, 8L), (n, l, d, f, b, e));
                    Assert.Equal(new DateOnly(2024, 1, 3), await db.ScalarAsync<DateOnly>($"SELECT day FROM {t} WHERE note IS NULL AND id > {0}"));
                }
            }
        }
        finally
        {
            await prepared.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Fact]
    public async Task By_default_only_an_explicit_prepare_goes_to_the_server()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, o => o.MaxPoolSize = 1);

        var (repeated, prepared) = await RepeatThenPrepareAsync(database);

        Assert.Equal((0L, 0L), repeated);
        Assert.Equal((1L, 1L), prepared);
        Assert.False(((MySqlDialect)database.Dialect).AutoPrepare);
    }

    [Fact]
    public async Task Server_prepare_off_prepares_nothing_not_even_an_explicit_prepare()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, o =>
        {
            o.Url = WithOption(o.Url!, "server_prepare=off");
            o.MaxPoolSize = 1;
        });

        var (repeated, prepared) = await RepeatThenPrepareAsync(database);

        Assert.Equal((0L, 0L), repeated);
        Assert.Equal((0L, 0L), prepared);
        Assert.False(((MySqlDialect)database.Dialect).AutoPrepare);
    }

    /// <summary>
    /// Runs a parameterised select three times, then once through <c>PrepareAsync</c>; returns the prepares and prepared
    /// executions the server counted for each part.
    /// </summary>
    private static async Task<((long, long) Repeated, (long, long) Prepared)> RepeatThenPrepareAsync(Database database)
    {
        await using var names = await NamesTable.CreateAsync(database);
        var t = Sql.Identifier(names.Name);
        var before = await CountersAsync(database);
        for (var i = 1; i <= 3; i++)
            Assert.Equal("name " + i, await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {i}"));
        var repeated = await CountersAsync(database);
        await using (var statement = await database.PrepareAsync($"SELECT name FROM {t} WHERE id = {0}"))
            Assert.Equal(["name 2"], await statement.QueryAsync<string>(2));
        var after = await CountersAsync(database);
        return ((repeated.Prepare - before.Prepare, repeated.Execute - before.Execute), (after.Prepare - repeated.Prepare, after.Execute - repeated.Execute));
    }

    [Fact]
    public async Task A_statement_the_server_cannot_prepare_runs_as_text_and_is_not_tried_again()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        await using var names = await NamesTable.CreateAsync(database);
        var table = names.Name;
        // MariaDB takes no placeholder in SHOW … LIKE; MySqlConnector writes the value into the text when unprepared.
        var before = await CountersAsync(database);
        for (var i = 0; i < 4; i++)
            Assert.Equal([table], await database.QueryAsync<string>($"SHOW TABLES LIKE {table}"));
        var after = await CountersAsync(database);

        // The second run tries to prepare it once; every run goes as text.
        Assert.Equal(1, after.Prepare - before.Prepare);
        Assert.Equal(0, after.Execute - before.Execute);
    }

    [Fact]
    public async Task Pooled_connections_keep_session_state_unless_connection_reset_is_true()
    {
        await using var kept = await TestDatabase.OpenAsync(Db.MariaDb, Auto);
        await using var reset = await TestDatabase.OpenAsync(Db.MariaDb, o =>
        {
            o.Url = WithOption(o.Url!, "connection_reset=true");
            o.MaxPoolSize = 1;
        });

        await kept.ExecuteAsync($"SET SESSION lock_wait_timeout = 4321");
        await reset.ExecuteAsync($"SET SESSION lock_wait_timeout = 4321");

        Assert.Equal(4321, await kept.ScalarAsync<long>($"SELECT @@SESSION.lock_wait_timeout"));
        Assert.NotEqual(4321, await reset.ScalarAsync<long>($"SELECT @@SESSION.lock_wait_timeout"));
        // A reset drops the connection's prepared statements, so nothing is prepared by itself then.
        Assert.False(((MySqlDialect)reset.Dialect).AutoPrepare);
        await kept.ExecuteAsync($"SET SESSION lock_wait_timeout = DEFAULT");
    }

    [Theory]
    [InlineData("server_prepare=maybe", "server_prepare 'maybe' is not valid: give auto")]
    [InlineData("server_prepare=", "server_prepare '' is not valid")]
    [InlineData("connection_reset=yes", "connection_reset 'yes' is not valid: give true or false")]
    [InlineData("server_prepare=off&server_prepare=auto", "given twice")]
    public void A_bad_setting_is_refused_when_the_database_is_opened(string option, string message)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => Database.Open(WithOption(TestDatabase.MariaDbUrl, option)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Db.Postgres)]
    [InlineData(Db.Sqlite)]
    public void Other_databases_refuse_server_prepare_and_an_embedded_file_refuses_connection_reset(Db db)
    {
        var url = TestDatabase.Url(db);
        var e = Assert.Throws<DatabaseConfigurationException>(() => Database.Open(WithOption(url, "server_prepare=off")));
        Assert.Contains("server_prepare is a MySQL/MariaDB option", e.Message, StringComparison.Ordinal);
        if (db != Db.Sqlite) return;
        e = Assert.Throws<DatabaseConfigurationException>(() => Database.Open(WithOption(url, "connection_reset=true")));
        Assert.Contains("connection_reset is an option of database servers", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Automatic preparation on, and a pool of one connection so that the session's counters are that connection's.</summary>
    private static void Auto(DatabaseOptions options)
    {
        options.Url = WithOption(options.Url!, "server_prepare=auto");
        options.MaxPoolSize = 1;
    }

    private static string WithOption(string url, string option) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + option;

    /// <summary>A table of three names for one test, dropped when the test is done with it.</summary>
    private sealed class NamesTable(Database database, string name) : IAsyncDisposable
    {
        public string Name => name;

        public static async Task<NamesTable> CreateAsync(Database database)
        {
            var table = TestDatabase.Table("prep_names");
            var t = Sql.Identifier(table);
            await database.ExecuteAsync($"CREATE TABLE {t} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            await database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({1}, {"name 1"}), ({2}, {"name 2"}), ({3}, {"name 3"})");
            return new NamesTable(database, table);
        }

        public async ValueTask DisposeAsync() => await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(name)}");
    }

    /// <summary>The connection's counts of prepared statements prepared and executed (this session's, so use a pool of one).</summary>
    private static async Task<(long Prepare, long Execute)> CountersAsync(Database session)
    {
        var rows = await session.QueryAsync<(string Name, string Value)>($"SHOW SESSION STATUS LIKE 'Com_stmt_%'");
        return (long.Parse(rows.Single(r => r.Name == "Com_stmt_prepare").Value), long.Parse(rows.Single(r => r.Name == "Com_stmt_execute").Value));
    }

    /// <summary>Every value with its type, so that two readings compare by what the caller gets.</summary>
    private static string Show(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        string.Join("\n", rows.Select(row => string.Join(", ", row.Select(c => $"{c.Key}={Value(c.Value)}"))));

    private static string Value(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "byte[]:" + Convert.ToHexString(bytes),
        DateTime d => $"DateTime:{d:O}/{d.Kind}",
        IFormattable f => $"{value.GetType().Name}:{f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name}:{value}",
    };
}
