using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Strata.Redis.Tests;

/// <summary>The query-result cache tied to Strata's writes, on every SQL database.</summary>
public sealed class QueryCacheTests(ITestOutputHelper output)
{
    public sealed record Item(long Id, string Name);

    private sealed class Fixture : IAsyncDisposable
    {
        public required RedisStore Store { get; init; }
        public required Database Db { get; init; }
        public required string Table { get; init; }
        public required string Url { get; init; }

        public static async Task<Fixture> OpenAsync(Db db, Topology topology = Topology.Single)
        {
            var store = await TestRedis.OpenAsync(topology);
            var url = TestDatabase.Url(db);
            var database = await TestDatabase.OpenAsync(db, o => { o.Url = url; o.QueryCache = store.QueryCache; });
            var table = TestDatabase.Table("qc");
            await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name) VALUES ({1}, {"one"})");
            return new Fixture { Store = store, Db = database, Table = table, Url = url };
        }

        public SqlQuery Items => Db.From(Table).OrderBy("id").Cached(TimeSpan.FromMinutes(5));

        public async ValueTask DisposeAsync()
        {
            await Db.ExecuteAsync($"DROP TABLE {Sql.Identifier(Table)}");
            await Db.DisposeAsync();
            await TestRedis.CleanAsync(Store);
        }
    }

    [Theory, AllDatabases]
    public async Task A_cached_query_is_served_from_the_cache_until_a_committed_write_and_then_never_stale(Db db)
    {
        await using var f = await Fixture.OpenAsync(db);
        Assert.Single(await f.Items.ToListAsync<Item>());
        var commands = 0;
        f.Db.Events.QueryExecuted += (_, _) => Interlocked.Increment(ref commands);
        Assert.Single(await f.Items.ToListAsync<Item>());
        Assert.Equal(1, await f.Items.CountAsync());
        var afterFirstCount = commands;
        Assert.Equal(1, await f.Items.CountAsync());
        Assert.Equal(afterFirstCount, commands);

        await f.Db.From(f.Table).InsertAsync(new { id = 2, name = "two" });
        Assert.Equal(2, (await f.Items.ToListAsync<Item>()).Count);
        Assert.Equal(2, await f.Items.CountAsync());

        await f.Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"UPDATE {Sql.Identifier(f.Table)} SET name = {"uno"} WHERE id = {1}");
            await tx.ExecuteAsync($"DELETE FROM {Sql.Identifier(f.Table)} WHERE id = {2}");
        });
        var items = await f.Items.ToListAsync<Item>();
        Assert.Equal([new Item(1, "uno")], items);
    }

    [Theory, AllDatabases]
    public async Task Writes_invalidate_only_when_the_transaction_commits_and_never_on_rollback(Db db)
    {
        await using var f = await Fixture.OpenAsync(db);
        var written = new List<IReadOnlyCollection<string>>();
        f.Db.Events.TablesWritten += (_, e) => written.Add(e.Tables);
        Assert.Equal(1, await f.Items.CountAsync());

        await using (var tx = await f.Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(f.Table)} (id, name) VALUES ({2}, {"two"})");
            Assert.Empty(written);
            // Inside the transaction that wrote the table, the read bypasses the cache and sees its own write.
            Assert.Equal(2, await tx.From(f.Table).Cached(TimeSpan.FromMinutes(5)).CountAsync());
            await tx.RollbackAsync();
        }
        Assert.Empty(written);
        Assert.Equal(1, await f.Items.CountAsync());

        var tx2 = await f.Db.BeginTransactionAsync();
        await tx2.ExecuteAsync($"INSERT INTO {Sql.Identifier(f.Table)} (id, name) VALUES ({3}, {"three"})");
        Assert.Empty(written);
        await tx2.CommitAsync();
        await tx2.DisposeAsync();
        Assert.Equal([f.Table], written.Single());
        Assert.Equal(2, await f.Items.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Raw_sql_names_its_tables_and_a_raw_write_the_dialect_can_name_invalidates_it(Db db)
    {
        await using var f = await Fixture.OpenAsync(db);
        var query = ((Sql)$"SELECT COUNT(*) FROM {Sql.Identifier(f.Table)}").Cached(TimeSpan.FromMinutes(5), f.Table);
        Assert.Equal(1, await f.Db.ScalarAsync<long>(query));
        await f.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(f.Table)} (id, name) VALUES ({2}, {"two"})");
        Assert.Equal(2, await f.Db.ScalarAsync<long>(query));
        await f.Db.BulkInsertAsync(f.Table, ["id", "name"], [[3, "three"], [4, "four"]]);
        Assert.Equal(4, await f.Db.ScalarAsync<long>(query));
    }

    [Theory, AllDatabases]
    public async Task A_second_process_sees_the_new_result_within_the_pub_sub_delay(Db db)
    {
        await using var f = await Fixture.OpenAsync(db);
        // A second application instance: its own database connection pool and its own Redis store on the same prefix.
        await using var otherStore = await TestRedis.OpenAsync(Topology.Single, prefix: f.Store.Options.KeyPrefix);
        await using var other = await TestDatabase.OpenAsync(db, o => { o.Url = f.Url; o.QueryCache = otherStore.QueryCache; });
        var otherItems = other.From(f.Table).OrderBy("id").Cached(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await otherItems.CountAsync());
        Assert.Equal(1, await f.Items.CountAsync());

        await f.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(f.Table)} (id, name) VALUES ({2}, {"two"})");
        var delay = await TestRedis.EventuallyAsync(async () => await otherItems.CountAsync() == 2, TimeSpan.FromSeconds(2));
        output.WriteLine($"{db}: the second instance saw the write after {delay.TotalMilliseconds:0.#} ms");
    }

    [Fact]
    public async Task A_cached_query_on_a_database_without_a_query_cache_says_how_to_set_one()
    {
        await using var db = Database.Open("sqlite::memory:");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.ScalarAsync<int>(((Sql)$"SELECT 1").Cached(TimeSpan.FromMinutes(1))));
        Assert.Contains("DatabaseOptions.QueryCache", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_racing_a_commit_never_leave_a_stale_result_behind()
    {
        await using var f = await Fixture.OpenAsync(Db.Sqlite);
        for (var round = 2; round < 12; round++)
        {
            var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.Items.CountAsync())).ToArray();
            await f.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(f.Table)} (id, name) VALUES ({round}, {"n"})");
            await Task.WhenAll(readers);
            Assert.Equal(round, await f.Items.CountAsync());
        }
    }
}
