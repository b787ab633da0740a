using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary><c>db.GetStatistics()</c> on every database.</summary>
public class StatisticsTests
{
    private const string Secret = "sekret-4711";

    [Theory, AllDatabases]
    public async Task Each_statement_shape_is_counted_with_its_errors_and_durations(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, o => o.CollectStatistics = true);
        var database = scope.Db;
        var table = scope.Table("obs_st");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id INTEGER PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL)");
        database.ResetStatistics();

        for (var i = 1; i <= 5; i++) await database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({i}, {Secret})");
        await Assert.ThrowsAsync<UniqueViolationException>(() => database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({1}, {Secret})"));
        foreach (int[] ids in new[] { new[] { 1 }, [1, 2], [1, 2, 3, 4, 5] })
            await database.QueryAsync<string>($"SELECT name FROM {t} WHERE id IN ({ids}) AND name = {Secret}");

        var statistics = database.GetStatistics();
        var ours = statistics.Statements.Where(s => s.Sql.Contains(table, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ours.Count);
        var insert = Assert.Single(ours, s => s.Sql.StartsWith("INSERT", StringComparison.Ordinal));
        Assert.Equal(6, insert.Count);
        Assert.Equal(1, insert.Errors);
        Assert.Equal(1 / 6.0, insert.ErrorRate, 6);
        Assert.InRange(insert.AverageDuration, TimeSpan.FromTicks(1), insert.MaxDuration);
        Assert.InRange(insert.P95Duration, TimeSpan.FromTicks(1), insert.MaxDuration);
        var select = Assert.Single(ours, s => s.Sql.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.Equal(3, select.Count);
        Assert.Equal(0, select.ErrorRate);
        // PostgreSQL sends the list as one array, so its text is one shape already; elsewhere the lists of each length fold into one.
        Assert.Contains(db == Db.Postgres ? " = ANY($1) AND name = " : ", ...) AND name = ", select.Sql, StringComparison.Ordinal);
        Assert.Equal(select, statistics.Find(select.Sql));
        Assert.Equal(statistics.Statements.Count, statistics.Slowest(int.MaxValue).Count);
        Assert.Equal(statistics.Statements.Max(s => s.P95Duration), statistics.Slowest(1)[0].P95Duration);
        Assert.True(statistics.TotalCount >= 9);
        Assert.DoesNotContain(statistics.Statements, s => s.Sql.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task Statistics_are_off_unless_asked_for_and_say_how_to_turn_them_on(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var e = Assert.Throws<InvalidOperationException>(() => database.GetStatistics());
        Assert.Contains("CollectStatistics = true", e.Message, StringComparison.Ordinal);
    }
}
