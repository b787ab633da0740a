using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Transfer;

/// <summary>Defaults every database can express (literal numbers, strings, booleans, the current timestamp) are carried over.</summary>
public class DefaultsTests
{
    [Theory, DatabasePairs]
    public async Task Portable_defaults_are_restored_on_the_target(Db source, Db target)
    {
        await using var from = await ScratchDatabase.CreateAsync(source);
        await using var to = await ScratchDatabase.CreateAsync(target);
        await using var sourceDb = Database.Open(from.Url);
        await using var targetDb = Database.Open(to.Url);
        await sourceDb.Schema.CreateTable("settings", t =>
        {
            t.Increments("id");
            t.String("status", 20).Default("it's new");
            t.Integer("tries").Default(3);
            t.Decimal("rate", 10, 2).Default(1.25m);
            t.Boolean("active").Default(true);
            t.Double("ratio").Default(0.5);
            t.Timestamp("created").DefaultCurrentTimestamp();
            t.Text("note").Nullable();
        }).ExecuteAsync();

        await sourceDb.CopyToAsync(targetDb);
        await targetDb.ExecuteAsync($"INSERT INTO settings (note) VALUES ({"x"})");

        await using var r = await targetDb.QueryRowsAsync($"SELECT status, tries, rate, active, ratio, created FROM settings");
        Assert.True(await r.ReadAsync());
        Assert.Equal("it's new", r.Get<string>(0));
        Assert.Equal(3, r.Get<int>(1));
        Assert.Equal(1.25m, r.Get<decimal>(2));
        Assert.True(r.Get<bool>(3));
        Assert.Equal(0.5, r.Get<double>(4));
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - r.Get<DateTimeOffset>(5)).TotalMinutes) < 5);
    }
}
