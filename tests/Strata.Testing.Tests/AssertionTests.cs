using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

public sealed class AssertionTests
{
    private static Task<TestDatabase> CreateAsync(Db db) => TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));

    [Theory, AllDatabases]
    public async Task AssertHasAsync_passes_on_a_matching_row_and_fails_naming_what_it_looked_for(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.AssertHasAsync("widgets", new { name = "seeded" });
        await database.AssertHasAsync("widgets", new Dictionary<string, object?> { ["name"] = "seeded", ["id"] = 1 });
        var failed = await Assert.ThrowsAsync<DatabaseAssertionException>(() => database.AssertHasAsync("widgets", new { name = "absent" }));

        Assert.Equal("Expected a row in 'widgets' with name = 'absent', but there is none (1 row in all).", failed.Message);
    }

    [Theory, AllDatabases]
    public async Task AssertMissingAsync_passes_without_a_matching_row_and_fails_with_one(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.AssertMissingAsync("widgets", new { name = "absent" });
        var failed = await Assert.ThrowsAsync<DatabaseAssertionException>(() => database.AssertMissingAsync("widgets", new { name = "seeded", id = 1 }));

        Assert.Equal("Expected no row in 'widgets' with name = 'seeded' and id = 1, but there is 1.", failed.Message);
    }

    [Theory, AllDatabases]
    public async Task AssertCountAsync_counts_every_row_or_the_matching_ones(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;
        await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"second"})");
        await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"second"})");

        await database.AssertCountAsync("widgets", 3);
        await database.AssertCountAsync("widgets", 2, new { name = "second" });
        var failed = await Assert.ThrowsAsync<DatabaseAssertionException>(() => database.AssertCountAsync("widgets", 1, new { name = "second" }));

        Assert.Equal("Expected 1 row(s) in 'widgets' with name = 'second', but there are 2.", failed.Message);
    }

    [Theory, AllDatabases]
    public async Task Assertions_inside_a_rollback_see_its_rows(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.RollbackAfterAsync(async () =>
        {
            await database.From("widgets").InsertAsync(new { name = "uncommitted" });
            await database.AssertHasAsync("widgets", new { name = "uncommitted" });
        });

        await database.AssertMissingAsync("widgets", new { name = "uncommitted" });
    }
}
