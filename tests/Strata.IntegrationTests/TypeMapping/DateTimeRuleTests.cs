using System.Globalization;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>
/// One rule for <see cref="DateTime"/> on every database: a local time is written as its UTC time, UTC and unspecified times as
/// they are, and every time reads back with <see cref="DateTimeKind.Utc"/>, whatever path reads it. Meaningful under a
/// non-UTC <c>TZ</c> (scripts/test.sh runs the suite once under Asia/Kolkata); it holds under UTC too.
/// </summary>
public class DateTimeRuleTests
{
    private static readonly DateTime Local = new(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Local);

    [Theory, AllDatabases]
    public async Task A_local_time_is_stored_as_its_utc_time_in_columns_with_and_without_a_time_zone(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("dt_local");
        var t = Sql.Identifier(table);
        var zoned = db switch { Db.Postgres => "timestamptz", Db.MariaDb => "DATETIME(6)", _ => "TIMESTAMPTZ" };
        var plain = db switch { Db.Postgres => "timestamp", Db.MariaDb => "DATETIME(6)", _ => "DATETIME" };
        await database.ExecuteAsync($"CREATE TABLE {t} (plain {Sql.Raw(plain)}, zoned {Sql.Raw(zoned)})");
        try
        {
            await database.ExecuteAsync($"INSERT INTO {t} (plain, zoned) VALUES ({Local}, {Local})");

            // What the database holds, as text in UTC: PostgreSQL's sessions are in UTC, so timestamptz shows its UTC time.
            var text = Sql.Raw(db switch { Db.Postgres => "to_char(plain, 'YYYY-MM-DD HH24:MI:SS.MS') || ' ' || to_char(zoned, 'YYYY-MM-DD HH24:MI:SS.MS')",
                Db.MariaDb => "CONCAT(DATE_FORMAT(plain, '%Y-%m-%d %H:%i:%s.%f'), ' ', DATE_FORMAT(zoned, '%Y-%m-%d %H:%i:%s.%f'))", _ => "plain || ' ' || zoned" });
            var stored = await database.ScalarAsync<string>($"SELECT {text} FROM {t}");
            var utc = Local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            Assert.StartsWith(utc, stored, StringComparison.Ordinal);
            Assert.Contains(" " + utc, stored, StringComparison.Ordinal);

            var row = await database.QuerySingleAsync<(DateTime Plain, DateTime Zoned)>($"SELECT plain, zoned FROM {t}");
            Assert.Equal((Local.ToUniversalTime(), Local.ToUniversalTime()), row);
            Assert.Equal((DateTimeKind.Utc, DateTimeKind.Utc), (row.Plain.Kind, row.Zoned.Kind));
            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t} WHERE plain = {Local} AND zoned = {Local.ToUniversalTime()}"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Theory, AllDatabases]
    public async Task Every_read_gives_utc_times_scalars_rows_dictionaries_and_row_readers(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("dt_reads");
        var t = Sql.Identifier(table);
        var type = db switch { Db.Postgres => "timestamp", Db.MariaDb => "DATETIME(6)", _ => "DATETIME" };
        await database.ExecuteAsync($"CREATE TABLE {t} (at {Sql.Raw(type)})");
        try
        {
            var unspecified = new DateTime(2024, 1, 2, 3, 4, 5);
            await database.ExecuteAsync($"INSERT INTO {t} (at) VALUES ({unspecified})");

            var scalar = await database.ScalarAsync<DateTime>($"SELECT at FROM {t}");
            var nullable = await database.ScalarAsync<DateTime?>($"SELECT at FROM {t}");
            var rows = await database.QueryAsync<DateTime>($"SELECT at FROM {t}");
            var dictionary = await database.QuerySingleAsync<DbRow>($"SELECT at FROM {t}");
            DateTime fromReader;
            object? indexed;
            await using (var reader = await database.QueryRowsAsync($"SELECT at FROM {t}"))
            {
                Assert.True(await reader.ReadAsync());
                fromReader = reader.Get<DateTime>(0);
                indexed = reader[0];
            }

            foreach (var value in new[] { scalar, nullable!.Value, rows[0], fromReader })
            {
                Assert.Equal(unspecified, value);
                Assert.Equal(DateTimeKind.Utc, value.Kind);
            }
            // SQLite has no date type: its dictionary rows hold the stored text.
            if (db != Db.Sqlite) Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(dictionary["at"]).Kind);
            if (db != Db.Sqlite) Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(indexed).Kind);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Fact]
    public async Task PostgreSQL_sessions_are_in_utc_unless_the_connection_string_names_a_time_zone()
    {
        await using var database = await TestDatabase.OpenAsync(Db.Postgres);
        var s = database.Settings;
        await using var kolkata = Database.Open(new DatabaseOptions
        {
            Provider = "postgres",
            ConnectionString = $"Host={s.Host};Port={s.Port ?? 5432};Database={s.Database};Username={s.Username};Password={s.Password};Timezone=Asia/Kolkata",
        });

        Assert.Equal("UTC", await database.ScalarAsync<string>($"SHOW TimeZone"));
        Assert.Equal("Asia/Kolkata", await kolkata.ScalarAsync<string>($"SHOW TimeZone"));
    }
}
