using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>The manager's per-name operations on every database: closing one database, and transactions by name.</summary>
public class DatabaseManagerTests
{
    [Theory, AllDatabases]
    public async Task Closing_one_database_disposes_it_and_the_next_get_opens_it_again_with_the_same_options(Db db)
    {
        var made = 0;
        var url = TestDatabase.Url(db);
        await using var manager = new DatabaseManager()
            .Add("main", () => { made++; return new DatabaseOptions { Url = url }; }, isDefault: true)
            .Add("other", new DatabaseOptions { Url = TestDatabase.Url(Db.Sqlite) });
        var table = TestDatabase.Table("mgr_close");
        var first = manager.Get("main");
        var other = manager.Get("other");
        await first.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.Int(db))} NOT NULL)");
        try
        {
            await first.From(table).InsertAsync(new { id = 1 });

            await manager.CloseAsync("main");
            await manager.CloseAsync("MAIN");
            Assert.Equal(["other"], manager.Opened.Select(p => p.Key));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => first.ScalarAsync<int>($"SELECT 1"));
            Assert.Equal(1, await other.ScalarAsync<int>($"SELECT 1"));

            var second = manager.Get("main");
            Assert.NotSame(first, second);
            Assert.Same(second, manager.Default);
            Assert.Equal(1, await second.From(table).CountAsync());
            Assert.Equal(1, made);
            Assert.Equal(["main", "other"], manager.Opened.Select(p => p.Key).Order());
            await Assert.ThrowsAsync<InvalidOperationException>(() => manager.CloseAsync("missing"));
        }
        finally
        {
            await manager.Get("main").ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Transactions_by_name_commit_return_their_result_and_roll_back_on_failure(Db db)
    {
        await using var manager = new DatabaseManager().Add("main", new DatabaseOptions { Url = TestDatabase.Url(db) });
        var table = TestDatabase.Table("mgr_tx");
        var main = manager.Get("main");
        await main.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.Int(db))} NOT NULL)");
        try
        {
            await manager.TransactionAsync("main", tx => tx.From(table).InsertAsync(new { id = 1 }));
            var count = await manager.TransactionAsync("Main", async tx =>
            {
                await tx.From(table).InsertAsync(new { id = 2 });
                return await tx.From(table).CountAsync();
            }, new TransactionOptions { Retries = 2 });
            await Assert.ThrowsAsync<InvalidOperationException>(() => manager.TransactionAsync("main", async tx =>
            {
                await tx.From(table).InsertAsync(new { id = 3 });
                throw new InvalidOperationException("undo");
            }));

            Assert.Equal(2, count);
            Assert.Equal([1, 2], await main.From(table).Select("id").OrderBy("id").ToListAsync<int>());
            await Assert.ThrowsAsync<InvalidOperationException>(() => manager.TransactionAsync("missing", _ => Task.CompletedTask));
        }
        finally
        {
            await main.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }
}
