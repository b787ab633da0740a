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
            await t.Items.Where("id", id).UpdateAsync(new { Qty = 1 });
        }

        var upserted = await t.Items.Returning("code", "qty").UpsertAsync<Item>(new Item("a", 8), ["code"]);
        Assert.Equal([new Item("a", 8)], upserted);
        var inserted = await t.Items.Returning("code", "qty").UpsertAsync<Item>(new Item("z", 9), ["code"]);
        Assert.Equal([new Item("z", 9)], inserted);
        await t.Items.Where("code", "z").DeleteAsync();

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
        var columns = string.Join(", ", Enumerable.Range(0, Wide).Select(i => $"c{i} {Types.Int(db)} NOT NULL" + (i == 0 ? " PRIMARY KEY" : "")));
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

            // A duplicate key in the last batch rolls back the batches before it.
            var again = Enumerable.Range(count, count).Select(r => Enumerable.Range(0, Wide).ToDictionary(c => "c" + c, c => (object?)(r + c))).ToList();
            again[^1]["c0"] = 0;
            await Assert.ThrowsAsync<UniqueViolationException>(() => t.Database.From(table).InsertManyAsync(again));
            Assert.Equal(count, await t.Database.From(table).CountAsync());
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

    [Theory, AllDatabases]
    public async Task Ctes_recursive_ctes_and_unions_return_the_expected_rows(Db db)
    {
        await using var t = await ItemsAsync(db);
        await t.Items.InsertManyAsync(new[] { new Item("a", 1), new Item("b", 2), new Item("c", 3) });
        await NodesAsync(t, db);

        var big = await t.Database.From("big").With("big", t.Items.Where("qty", ">=", 2)).Select("code").OrderBy("code").ToListAsync<string>();
        var anchor = t.Database.From(t.Other).Select("id", "name").Where("id", 1);
        var step = t.Database.From(t.Other).Select($"{t.Other}.id", $"{t.Other}.name").Join("tree", $"{t.Other}.parent_id", "=", "tree.id");
        var tree = await t.Database.From("tree").WithRecursive("tree", ["id", "name"], anchor, step).Select("name").OrderBy("name").ToListAsync<string>();
        var union = await t.Items.Select("code").Where("qty", 1).Union(t.Items.Select("code").Where("qty", "<=", 2)).OrderBy("code").ToListAsync<string>();
        var unionAll = await t.Items.Select("code").Where("qty", 1).UnionAll(t.Items.Select("code").Where("qty", "<=", 2)).OrderBy("code").ToListAsync<string>();

        Assert.Equal(["b", "c"], big);
        Assert.Equal(["child", "grandchild", "root"], tree);
        Assert.Equal(["a", "b"], union);
        Assert.Equal(["a", "a", "b"], unionAll);
        Assert.Equal(3, await t.Items.Select("code").Where("qty", 1).UnionAll(t.Items.Select("code").Where("qty", "<=", 2)).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Joins_subqueries_ilike_and_nulls_ordering(Db db)
    {
        await using var t = await ItemsAsync(db);
        await t.Items.InsertManyAsync(new[] { new Item("root", 1), new Item("Chair", 2), new Item("zzz", 3) });
        await NodesAsync(t, db);
        var items = t.Table;
        var nodes = t.Other;

        var right = await t.Items.Select($"{nodes}.name").RightJoin(nodes, $"{items}.code", "=", $"{nodes}.name").WhereNull($"{items}.id").OrderBy($"{nodes}.name").ToListAsync<string>();
        var cross = await t.Items.CrossJoin(nodes).CountAsync();
        var multi = await t.Items.Select("code").Join(nodes, j => j.On($"{items}.code", "=", $"{nodes}.name").On($"{items}.qty", "=", $"{nodes}.id")).ToListAsync<string>();
        var inSub = await t.Items.Select("code").WhereIn("qty", t.Database.From(nodes).Select("id").WhereNotNull("parent_id")).OrderBy("code").ToListAsync<string>();
        var exists = await t.Items.Select("code").WhereExists(t.Database.From(nodes).WhereRaw($"{Sql.Identifier($"{nodes}.name")} = {Sql.Identifier($"{items}.code")}")).ToListAsync<string>();
        var ilike = await t.Items.Select("code").WhereILike("code", "CH%").ToListAsync<string>();
        var nullsFirst = await t.Database.From(nodes).Select("name").OrderBy("parent_id", SortDirection.Ascending, NullsOrder.First).OrderBy("name").ToListAsync<string>();
        var nullsLast = await t.Database.From(nodes).Select("name").OrderBy("parent_id", SortDirection.Descending, NullsOrder.Last).ToListAsync<string>();
        var derived = await t.Items.Select("code").SelectRaw($"{Sql.Identifier("qty")} * {10}", "score").AsSubquery("s").Select("code").Where("s.score", ">", 15).OrderBy("code").ToListAsync<string>();

        Assert.Equal(["child", "grandchild"], right);
        Assert.Equal(9, cross);
        Assert.Equal(["root"], multi);
        Assert.Equal(["Chair", "zzz"], inSub);
        Assert.Equal(["root"], exists);
        Assert.Equal(["Chair"], ilike);
        Assert.Equal(["root", "child", "grandchild"], nullsFirst);
        Assert.Equal(["grandchild", "child", "root"], nullsLast);
        Assert.Equal(["Chair", "zzz"], derived);
        var full = t.Items.Select("code").FullJoin(nodes, $"{items}.code", "=", $"{nodes}.name");
        if (t.Database.Dialect.SupportsFullJoin) Assert.Equal(5, await full.CountAsync());
        else await Assert.ThrowsAsync<NotSupportedException>(() => full.CountAsync());
    }

    [Fact]
    public async Task The_bundled_sqlite_engine_has_right_and_full_joins_and_nulls_ordering()
    {
        await using var sqlite = await TestDatabase.OpenAsync(Db.Sqlite);
        var version = Version.Parse(await sqlite.ScalarAsync<string>($"SELECT sqlite_version()") ?? "0.0");
        Assert.True(version >= new Version(3, 39), $"SQLite {version} lacks RIGHT/FULL JOIN; the dialect's flags assume 3.39 or later.");
        Assert.True(sqlite.Dialect.SupportsFullJoin && sqlite.Dialect.SupportsRightJoin && sqlite.Dialect.SupportsNullsOrdering);
    }

    [Theory, ServerDatabases]
    public async Task Skip_locked_leaves_out_rows_another_transaction_holds(Db db)
    {
        await using var t = await ItemsAsync(db);
        await t.Items.InsertManyAsync(new[] { new Item("a", 1), new Item("b", 2), new Item("c", 3) });

        await using var holder = await t.Database.BeginTransactionAsync();
        Assert.Equal(1, (await holder.From(t.Table).Where("code", "a").ForUpdate().SingleAsync<Item>()).Qty);

        await using var worker = await t.Database.BeginTransactionAsync();
        var free = await worker.From(t.Table).Select("code", "qty").OrderBy("code").SkipLocked().ToListAsync<Item>();
        Assert.Equal(["b", "c"], free.Select(i => i.Code));
        await Assert.ThrowsAnyAsync<DatabaseException>(() => worker.From(t.Table).Where("code", "a").NoWait().ToListAsync<Item>());
    }

    private static async Task NodesAsync(Tables t, Db db)
    {
        await t.Database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(t.Other)} (id {Sql.Raw(Types.Int(db))} NOT NULL PRIMARY KEY, parent_id {Sql.Raw(Types.Int(db))} NULL, name {Sql.Raw(Types.Text(db))} NOT NULL)");
        await t.Database.From(t.Other).InsertManyAsync(new object[]
        {
            new { Id = 1, ParentId = (int?)null, Name = "root" },
            new { Id = 2, ParentId = (int?)1, Name = "child" },
            new { Id = 3, ParentId = (int?)2, Name = "grandchild" },
        });
    }

    [Theory, AllDatabases]
    public async Task Hostile_strings_in_the_new_entry_points_are_refused_or_sent_as_data(Db db)
    {
        await using var t = await ItemsAsync(db);
        await t.Items.InsertManyAsync(new[] { new Item("a", 1) });
        string[] hostile = [$"{t.Table}; DROP TABLE {t.Table}", "code\" --", "x` OR 1=1", "\u0441ode", "1=1", "a) UNION SELECT 1 --"];

        foreach (var evil in hostile)
        {
            Assert.Throws<ArgumentException>(() => t.Items.Returning(evil));
            Assert.Throws<ArgumentException>(() => t.Items.CrossJoin(evil));
            Assert.Throws<ArgumentException>(() => t.Items.RightJoin(evil, "a", "=", "b"));
            Assert.Throws<ArgumentException>(() => t.Items.Join(t.Other, j => j.On(evil, "=", "b")));
            Assert.Throws<ArgumentException>(() => t.Items.Join(t.Other, j => j.On("a", evil, "b")));
            Assert.Throws<ArgumentException>(() => t.Items.With(evil, t.Items));
            Assert.Throws<ArgumentException>(() => t.Items.WithRecursive("r", [evil], t.Items, t.Items));
            Assert.Throws<ArgumentException>(() => t.Items.AsSubquery(evil));
            Assert.Throws<ArgumentException>(() => t.Items.OrderBy(evil, SortDirection.Ascending, NullsOrder.Last));
            Assert.Throws<ArgumentException>(() => t.Items.WhereIn(evil, t.Items.Select("qty")));
            Assert.Throws<ArgumentException>(() => t.Items.WhereILike(evil, "a"));
            await Assert.ThrowsAsync<ArgumentException>(() => t.Items.UpsertAsync(new Item("a", 2), [evil]));
            await Assert.ThrowsAsync<ArgumentException>(() => t.Items.UpsertAsync(new Item("a", 2), ["code"], [evil]));
            await Assert.ThrowsAsync<ArgumentException>(() => t.Items.InsertFromAsync([evil], t.Items.Select("code")));
            await Assert.ThrowsAsync<ArgumentException>(() => t.Items.All().IncrementAsync(evil));
            await Assert.ThrowsAsync<ArgumentException>(() => t.Items.InsertManyAsync(new[] { new Dictionary<string, object?> { [evil] = 1 } }));

            Assert.Equal(0, await t.Items.WhereILike("code", evil).CountAsync());
            Assert.Equal(0, await t.Items.WhereIn("code", t.Items.Select("code").Where("code", evil)).CountAsync());
            await t.Items.UpsertAsync(new Item(evil, 5), ["code"]);
        }

        Assert.Equal(1 + hostile.Length, await t.Items.CountAsync());
        Assert.Equal(1, (await t.Items.Where("code", "a").SingleAsync<Item>()).Qty);
        foreach (var evil in hostile) Assert.Equal(5, (await t.Items.Select("code", "qty").Where("code", evil).SingleAsync<Item>()).Qty);
    }

    public sealed record Item(string Code, int Qty);

    private static async Task<Tables> ItemsAsync(Db db)
    {
        // snake_case tables written through objects with PascalCase members: the convention is part of the test.
        var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase);
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

        public SqlQuery Items => Database.From(Table);

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
