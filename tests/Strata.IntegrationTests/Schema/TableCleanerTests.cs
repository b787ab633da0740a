using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.Testing;
using TestDatabase = Strata.IntegrationTests.Infrastructure.TestDatabase;

namespace Strata.IntegrationTests.Schema;

/// <summary>TruncateAsync, TruncateAllAsync and DropAllAsync, each on a database created for the test (Strata.Testing's TestDatabase).</summary>
public class TableCleanerTests
{
    private static async Task CreateShopAsync(Database database)
    {
        await database.Schema.CreateTable("customers", t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
        await database.Schema.CreateTable("orders", t =>
        {
            t.BigIncrements("id");
            t.BigInteger("customer_id").References("customers");
            t.BigInteger("parent_id").Nullable().References("orders");
        }).ExecuteAsync();
        await database.Schema.CreateTable("notes", t => { t.BigIncrements("id"); t.String("body", 50); }).ExecuteAsync();
        await database.ExecuteAsync($"INSERT INTO customers (name) VALUES ('ada'), ('bob')");
        await database.ExecuteAsync($"INSERT INTO orders (customer_id, parent_id) VALUES (1, NULL)");
        await database.ExecuteAsync($"INSERT INTO orders (customer_id, parent_id) VALUES (2, 1)");
        await database.ExecuteAsync($"INSERT INTO notes (body) VALUES ('kept')");
    }

    [Theory, AllDatabases]
    public async Task Truncating_empties_children_first_and_restarts_the_ids(Db db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        var database = fresh.Database;
        await CreateShopAsync(database);

        var emptied = await database.Schema.TruncateAsync(["customers", "orders"]);

        Assert.Equal(["orders", "customers"], emptied);
        await database.AssertCountAsync("orders", 0);
        await database.AssertCountAsync("customers", 0);
        await database.AssertCountAsync("notes", 1);
        await database.ExecuteAsync($"INSERT INTO customers (name) VALUES ('cy')");
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT id FROM customers"));
    }

    [Theory, AllDatabases]
    public async Task Truncating_a_table_another_refers_to_is_refused_and_changes_nothing(Db db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        var database = fresh.Database;
        await CreateShopAsync(database);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Schema.TruncateAsync(["customers"]));

        Assert.Contains("'orders' refers to it", e.Message);
        await database.AssertCountAsync("customers", 2);
        await Assert.ThrowsAsync<ArgumentException>(() => database.Schema.TruncateAsync(["no_such_table"]));
    }

    [Theory, AllDatabases]
    public async Task Truncating_all_keeps_the_migration_history(Db db)
    {
        var folder = Directory.CreateTempSubdirectory("strata-truncate").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "001_items.sql"), "-- UP\nCREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20));\n-- DOWN\nDROP TABLE items;\n");
        await using var fresh = await FreshDatabase.CreateAsync(db, o => o.Migrations.AddFolder(folder));
        var database = fresh.Database;
        await CreateShopAsync(database);

        var emptied = await database.Schema.TruncateAllAsync();

        Assert.Equal(["customers", "items", "notes", "orders"], emptied.Order());
        await database.AssertCountAsync("notes", 0);
        Assert.Single(await database.Migrator.StatusAsync(), s => s.State == MigrationState.Applied);
    }

    [Theory, AllDatabases]
    public async Task Dropping_all_leaves_an_empty_database_that_migrates_again(Db db)
    {
        var folder = Directory.CreateTempSubdirectory("strata-dropall").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "001_items.sql"), "-- UP\nCREATE TABLE items (id INTEGER PRIMARY KEY);\n-- DOWN\nDROP TABLE items;\n");
        await using var fresh = await FreshDatabase.CreateAsync(db, o => o.Migrations.AddFolder(folder));
        var database = fresh.Database;
        await CreateShopAsync(database);
        await database.ExecuteAsync($"CREATE VIEW customer_names AS SELECT name FROM customers");

        var dropped = await database.Schema.DropAllAsync();

        Assert.Contains("customer_names", dropped);
        Assert.Contains("strata_migrations", dropped);
        var schema = await database.Schema.IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true });
        Assert.Empty(schema.Tables);
        Assert.Empty(schema.Views);
        Assert.Single((await database.Migrator.UpAsync()).Steps);
    }

    [Fact]
    public async Task Dropping_all_on_PostgreSQL_drops_sequences_types_and_functions_too()
    {
        await using var fresh = await FreshDatabase.CreateAsync(Db.Postgres);
        var database = fresh.Database;
        await database.ExecuteAsync($"CREATE TYPE mood AS ENUM ('ok', 'sad')");
        await database.ExecuteAsync($"CREATE SEQUENCE tickets");
        await database.ExecuteAsync($"CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'");
        await database.ExecuteAsync($"CREATE TABLE moods (id serial PRIMARY KEY, m mood)");

        await database.Schema.DropAllAsync();

        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM pg_type WHERE typname = 'mood'"));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM pg_class WHERE relname = 'tickets'"));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM pg_proc WHERE proname = 'answer'"));
    }

    [Theory, AllDatabases]
    public async Task A_row_reader_reports_the_rows_a_statement_changed(Db db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        var database = fresh.Database;
        await CreateShopAsync(database);

        await using (var update = await database.QueryRowsAsync($"UPDATE customers SET name = 'x'"))
        {
            Assert.Equal(0, update.FieldCount);
            Assert.Equal(2, update.RecordsAffected);
            Assert.False(await update.ReadAsync());
            Assert.Equal(2, update.RecordsAffected);
        }
        await using var select = await database.QueryRowsAsync($"SELECT name FROM customers");
        Assert.Equal(-1, select.RecordsAffected);
    }

    [Theory, AllDatabases]
    public async Task Server_statistics_say_why_they_cannot_be_read_where_the_server_keeps_none(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);

        var report = await database.GetServerStatisticsAsync(5);

        // None of the test servers keeps them: PostgreSQL lacks pg_stat_statements, MariaDB runs with performance_schema off.
        Assert.False(report.IsAvailable);
        Assert.Empty(report.Statements);
        Assert.Contains(db switch { Db.Sqlite => "CollectStatistics", Db.Postgres => "shared_preload_libraries", _ => "performance_schema=ON" }, report.Unavailable);
    }
}
