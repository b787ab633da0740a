using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

public sealed class TruncationTests
{
    /// <summary>A test database with widgets (seeded), a self-referencing <c>nodes</c> table and tables <c>a</c> and <c>b</c> referring to each other, all with rows.</summary>
    private static async Task<TestDatabase> CreateWithRowsAsync(Db db)
    {
        var test = await TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));
        var schema = test.Database.Schema;
        await schema.CreateTable("nodes", t =>
        {
            t.Increments();
            t.Integer("parent_id").Nullable().References("nodes");
        }).ExecuteAsync();
        // SQLite takes a foreign key to a table yet to come, and cannot add one later; the servers add it once b exists.
        await schema.CreateTable("a", t =>
        {
            t.Increments();
            var b = t.Integer("b_id").Nullable();
            if (db == Db.Sqlite) b.References("b");
        }).ExecuteAsync();
        await schema.CreateTable("b", t =>
        {
            t.Increments();
            t.Integer("a_id").References("a");
        }).ExecuteAsync();
        if (db != Db.Sqlite) await test.Database.ExecuteAsync($"ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id)");

        var database = test.Database;
        await database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"second"})");
        await database.ExecuteAsync($"INSERT INTO nodes (parent_id) VALUES (NULL)");
        await database.ExecuteAsync($"INSERT INTO nodes (parent_id) VALUES ({1})");
        await database.ExecuteAsync($"INSERT INTO a (b_id) VALUES (NULL)");
        await database.ExecuteAsync($"INSERT INTO b (a_id) VALUES ({1})");
        await database.ExecuteAsync($"UPDATE a SET b_id = {1}");
        return test;
    }

    private static Task<long> CountAsync(Database db, string table) => db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(table)}");

    [Theory, AllDatabases]
    public async Task ResetAsync_empties_self_referencing_and_cyclic_tables_restarts_identities_and_seeds_again(Db db)
    {
        await using var test = await CreateWithRowsAsync(db);
        var database = test.Database;

        var emptied = await test.ResetAsync();

        Assert.Equal(["a", "b", "nodes", "widgets"], emptied.Order(StringComparer.Ordinal).ToArray());
        foreach (var table in new[] { "nodes", "a", "b" }) Assert.Equal(0, await CountAsync(database, table));
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT id FROM widgets WHERE name = {"seeded"}"));
        Assert.Equal(1, await CountAsync(database, "strata_migrations"));
        await database.ExecuteAsync($"INSERT INTO nodes (parent_id) VALUES (NULL)");
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT max(id) FROM nodes"));
    }

    [Theory, AllDatabases]
    public async Task TruncateAsync_empties_the_tables_named_and_leaves_the_others(Db db)
    {
        await using var test = await CreateWithRowsAsync(db);
        var database = test.Database;

        await database.Schema.TruncateAsync(["nodes", "a", "b"]);

        Assert.Equal(0, await CountAsync(database, "nodes"));
        Assert.Equal(0, await CountAsync(database, "a"));
        Assert.Equal(0, await CountAsync(database, "b"));
        Assert.Equal(2, await Widgets.CountAsync(database));
    }
}
