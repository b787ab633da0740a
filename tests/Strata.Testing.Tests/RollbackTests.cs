using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

public sealed class RollbackTests
{
    public sealed class Widget
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";
    }

    private static Task<TestDatabase> CreateAsync(Db db) => TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));

    private static Repository<Widget, long> Repository(Database db) => new(db, RepositoryOptions.Default with { Table = "widgets" });

    [Theory, AllDatabases]
    public async Task Writes_through_SQL_the_query_builder_and_a_repository_are_rolled_back(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.RollbackAfterAsync(async () =>
        {
            await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"sql"})");
            await database.From("widgets").InsertAsync(new { name = "builder" });
            await Repository(database).CreateAsync(new Widget { Name = "repository" });
            Assert.Equal(4, await Widgets.CountAsync(database));
        });

        Assert.Equal(1, await Widgets.CountAsync(database));
    }

    [Theory, AllDatabases]
    public async Task Code_that_commits_its_own_transaction_gets_a_savepoint_and_is_rolled_back_with_the_test(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.RollbackAfterAsync(async () =>
        {
            await database.TransactionAsync(async tx => await tx.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"committed"})"));
            await using (var own = await database.BeginTransactionAsync())
            {
                await own.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"begun"})");
                await own.CommitAsync();
            }
            Assert.Equal(3, await Widgets.CountAsync(database));
        });

        Assert.Equal(1, await Widgets.CountAsync(database));
    }

    [Theory, AllDatabases]
    public async Task Code_whose_own_transaction_fails_undoes_only_its_savepoint(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.RollbackAfterAsync(async () =>
        {
            await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"kept"})");
            await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"undone"})");
                throw new InvalidOperationException("the code under test failed");
            }));
            Assert.Equal(["kept", "seeded"], (await database.QueryAsync<string>($"SELECT name FROM widgets ORDER BY name")).ToArray());
        });

        Assert.Equal(1, await Widgets.CountAsync(database));
    }

    [Theory, AllDatabases]
    public async Task A_failing_test_is_rolled_back_and_its_exception_passed_on(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => database.RollbackAfterAsync(async () =>
        {
            await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"written"})");
            throw new InvalidOperationException("assertion failed");
        }));

        Assert.Equal("assertion failed", thrown.Message);
        Assert.Equal(1, await Widgets.CountAsync(database));
    }

    [Theory, AllDatabases]
    public async Task Without_it_writes_are_committed_and_inside_a_transaction_it_is_refused(Db db)
    {
        await using var test = await CreateAsync(db);
        var database = test.Database;

        await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"committed"})");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            database.TransactionAsync(_ => database.RollbackAfterAsync(() => Task.CompletedTask)));

        Assert.Contains("outside any transaction", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Widgets.CountAsync(database));
    }
}
