using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Schema;

public class IntrospectionTests
{
    [Theory, AllDatabases]
    public async Task Only_keys_the_table_declares_auto_increment_are_reported_as_auto_increment(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var plain = TestDatabase.Table("plain_key");
        var counted = TestDatabase.Table("auto_key");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(plain)} (id INTEGER PRIMARY KEY, name {Sql.Raw(Types.Text(db))})");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(counted)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))})");
        try
        {
            var plainId = (await database.Schema.IntrospectTableAsync(plain))!.FindColumn("id")!;
            var countedId = (await database.Schema.IntrospectTableAsync(counted))!.FindColumn("id")!;

            Assert.False(plainId.IsAutoIncrement);
            Assert.False(plainId.IsNullable);
            Assert.True(countedId.IsAutoIncrement);
            Assert.False(countedId.IsNullable);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(plain)}");
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(counted)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Strata_own_tables_are_left_out_unless_asked_for(Db db)
    {
        var prefix = TestDatabase.Table("own");
        await using var database = await TestDatabase.OpenAsync(db, o =>
        {
            o.Migrations.HistoryTable = prefix + "_history";
            o.Modules.VersionsTable = prefix + "_versions";
        });
        string[] own = [prefix + "_history", prefix + "_history_lock", prefix + "_versions"];
        var data = prefix + "_data";
        foreach (var table in own.Append(data))
            await database.Schema.CreateTable(table, t => { t.Integer("id"); t.PrimaryKey("id"); }).ExecuteAsync();
        try
        {
            var application = await database.Schema.IntrospectAsync();
            var everything = await database.Schema.IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true });

            Assert.Equal([data], Ours(application));
            Assert.Equal(own.Append(data).Order(StringComparer.Ordinal), Ours(everything).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var table in own.Append(data)) await database.Schema.DropTableIfExists(table).ExecuteAsync();
        }

        IEnumerable<string> Ours(Strata.Schema.Introspection.DatabaseSchema schema) =>
            schema.Tables.Select(t => t.Name).Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_default_migration_history_is_left_out_of_introspection()
    {
        await using var database = await TestDatabase.OpenAsync(Db.Sqlite);
        await database.Migrator.UpAsync();
        await database.Schema.CreateTable("notes", t => { t.Integer("id"); t.PrimaryKey("id"); }).ExecuteAsync();

        Assert.True(await database.Schema.HasTableAsync("strata_migrations"));
        Assert.Equal(["notes"], (await database.Schema.IntrospectAsync()).Tables.Select(t => t.Name));
        Assert.Contains("strata_migrations", (await database.Schema.IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true })).Tables.Select(t => t.Name));
    }
}
