using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

using Strata.Query;

/// <summary>Multi-row writes, upserts, RETURNING and the further read clauses against real tables, on every database.</summary>
public class QueryWriteAndClauseTests
{
    [Theory, AllDatabases]
    public async Task Insert_many_inserts_every_row_and_upsert_updates_or_inserts(Db db)
    {
        await using var t = await ItemsAsync(db);

        Assert.Equal(3, await t.Items.InsertManyAsync(new[] { new Item("a", 1), new Item("b", 2), new Item("c", 3) }));
        Assert.Equal(0, await t.Items.InsertManyAsync(Array.Empty<Item>()));
        await t.Items.UpsertAsync(new Item("b", 20), ["code"]);
        await t.Items.UpsertAsync(new Item("d", 4), ["code"]);
        await t.Items.UpsertAsync(new Item("a", 99), ["code"], []);
        await t.Items.UpsertManyAsync(new[] { new Item("c", 30), new Item("e", 5) }, ["code"]);

        var rows = await t.Items.Select("code", "qty").OrderBy("code").ToListAsync<Item>();
        Assert.Equal([new Item("a", 1), new Item("b", 20), new Item("c", 30), new Item("d", 4), new Item("e", 5)], rows);
    }

    [Theory, AllDatabases]
    public async Task Returning_gives_back_the_written_rows(Db db)
    {
        await using var t = await ItemsAsync(db);

        var id = Assert.Single(await t.Items.Returning("id").InsertAsync<long>(new Item("a", 1)));
        Assert.Equal("a", await t.Items.Select("code").Where("id", id).SingleAsync<string>());
        if (db == Db.MariaDb)
        {
            // The mysql scheme on the same server has no RETURNING: the key comes from LAST_INSERT_ID().
            await using var mysql = Database.Open(TestDatabase.MariaDbUrl.Replace("mariadb://", "mysql://", StringComparison.Ordinal));
            var viaLastId = Assert.Single(await mysql.From(t.Table).Returning("id").InsertAsync<long>(new Item("m", 7)));
            Assert.Equal("m", await t.Items.Select("code").Where("id", viaLastId).SingleAsync<string>());
            await Assert.ThrowsAsync<NotSupportedException>(() => mysql.From(t.Table).Returning("id", "code").InsertAsync<Item>(new Item("x", 0)));
            await t.Items.Where("code", "m").DeleteAsync();
        }
        else
        {
            var updated = await t.Items.Where("id", id).Returning("code", "qty").UpdateAsync<Item>(new { Qty = 5 });
            Assert.Equal([new Item("a", 5)], updated);
        }

        var many = await t.Items.Returning("code", "qty").InsertManyAsync<Item>(new[] { new Item("b", 2), new Item("c", 3) });
        Assert.Equal([new Item("b", 2), new Item("c", 3)], many.OrderBy(i => i.Code));
        var deleted = await t.Items.Where("code", "b").Returning("code").DeleteAsync<string>();
        Assert.Equal(["b"], deleted);
        Assert.Equal(2, await t.Items.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Insert_many_past_the_parameter_limit_runs_in_several_batches(Db db)
    {
        await using var t = await ItemsAsync(db);
        const int Wide = 17;
        var columns = string.Join(", ", Enumerable.Range(0, Wide).Select(i => $"c{i} {Types.Int(db)} NOT NULL"));
        var table = TestDatabase.Table("qw_wide");
        await t.Database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} ({Sql.Raw(columns)})");
        try
        {
            var count = t.Database.Dialect.MaxParameters / Wide + 10;
            var rows = Enumerable.Range(0, count).Select(r => Enumerable.Range(0, Wide).ToDictionary(c => "c" + c, c => (object?)(r + c))).ToList();
            Assert.True(t.Database.From(table).ToInsertManySql(rows).Count >= 2);

            Assert.Equal(count, await t.Database.From(table).InsertManyAsync(rows));

            Assert.Equal(count, await t.Database.From(table).CountAsync());
            Assert.Equal((long)count - 1 + Wide - 1, await t.Database.ScalarAsync<long>($"SELECT MAX(c16) FROM {Sql.Identifier(table)}"));
        }
        finally
        {
            await t.Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Insert_from_select_and_increments(Db db)
    {
        await using var t = await ItemsAsync(db);
        await t.Items.InsertManyAsync(new[] { new Item("a", 1), new Item("b", 2), new Item("c", 3) });

        await t.Database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(t.Other)} (code {Sql.Raw(Types.Text(db))} NOT NULL, qty {Sql.Raw(Types.Int(db))} NOT NULL)");

        Assert.Equal(2, await t.Database.From(t.Other).InsertFromAsync(["code", "qty"], t.Items.Select("code", "qty").Where("qty", ">=", 2)));
        Assert.Equal(["b", "c"], await t.Database.From(t.Other).Select("code").OrderBy("code").ToListAsync<string>());
        Assert.Equal(1, await t.Items.Where("code", "a").IncrementAsync("qty", 10));
        Assert.Equal(1, await t.Items.Where("code", "b").DecrementAsync("qty"));
        Assert.Equal(3, await t.Items.All().IncrementAsync("qty", 2.0m));

        var rows = await t.Items.Select("code", "qty").OrderBy("code").ToListAsync<Item>();
        Assert.Equal([new Item("a", 13), new Item("b", 3), new Item("c", 5)], rows);
    }

    public sealed record Item(string Code, int Qty);

    private static async Task<Tables> ItemsAsync(Db db)
    {
        var database = await TestDatabase.OpenAsync(db);
        var tables = new Tables(database, TestDatabase.Table("qw_items"), TestDatabase.Table("qw_other"));
        try
        {
            await database.ExecuteAsync(
                $"CREATE TABLE {Sql.Identifier(tables.Table)} (id {Sql.Raw(Types.AutoId(db))}, code {Sql.Raw(Types.Text(db))} NOT NULL UNIQUE, qty {Sql.Raw(Types.Int(db))} NOT NULL)");
            return tables;
        }
        catch
        {
            await tables.DisposeAsync();
            throw;
        }
    }

    /// <summary>The tables of one test; disposing drops them and closes the database.</summary>
    private sealed class Tables(Database database, string table, string other) : IAsyncDisposable
    {
        public Database Database { get; } = database;

        public string Table { get; } = table;

        public string Other { get; } = other;

        public Query Items => Database.From(Table);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(Other)}");
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(Table)}");
            }
            finally
            {
                await Database.DisposeAsync();
            }
        }
    }
}
