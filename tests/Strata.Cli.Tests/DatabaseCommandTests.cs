using System.Reflection;
using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>db truncate, db reset, db introspect, db query, health and stats on every database, each on a database created for the test.</summary>
public class DatabaseCommandTests
{
    private static async Task<string> ProductionConfigAsync(string folder, string url)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.json"),
            $$"""{ "Strata": { "Databases": { "prod": { "Url": "{{url}}", "Environment": "Production" }, "dev": { "Url": "{{url}}" } } } }""");
        return folder;
    }

    private static async Task FillAsync(string url)
    {
        await using var database = Database.Open(url);
        await database.Schema.CreateTable("customers", t => { t.BigIncrements("id"); t.String("name", 50); t.String("email", 100).Nullable(); }).ExecuteAsync();
        await database.Schema.CreateTable("orders", t => { t.BigIncrements("id"); t.BigInteger("customer_id").References("customers"); t.Decimal("total", 10, 2); }).ExecuteAsync();
        await database.ExecuteAsync($"INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com')");
        await database.ExecuteAsync($"INSERT INTO orders (customer_id, total) VALUES (1, 12.50)");
    }

    [Theory, AllDatabases]
    public async Task Truncate_refuses_a_production_database_without_force_and_empties_in_foreign_key_order_with_it(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await FillAsync(scratch.Url);
        var folder = await ProductionConfigAsync(Tool.Folder(), scratch.Url);

        var refused = await Tool.RunAsync(folder, "db", "truncate", "--all", "--database", "prod");
        await using var database = Database.Open(scratch.Url);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("marked as Production", refused.Error);
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM orders"));

        var named = await Tool.RunAsync(folder, "db", "truncate", "customers", "orders", "--database", "dev", "--json");
        Assert.Equal(0, named.ExitCode);
        Assert.Equal(["orders", "customers"], named.Json().GetProperty("truncated").EnumerateArray().Select(e => e.GetString()));

        await FillRowsAgainAsync(database);
        var forced = await Tool.RunAsync(folder, "db", "truncate", "--all", "--database", "prod", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(0, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM customers"));
    }

    private static async Task FillRowsAgainAsync(Database database)
    {
        await database.ExecuteAsync($"INSERT INTO customers (name) VALUES ('Bo')");
        await database.ExecuteAsync($"INSERT INTO orders (customer_id, total) VALUES (1, 3)");
    }

    [Theory, AllDatabases]
    public async Task Reset_refuses_production_without_force_and_with_it_drops_migrates_and_seeds(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await FillAsync(scratch.Url);
        var folder = await ProductionConfigAsync(Tool.Folder(), scratch.Url);
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        Directory.CreateDirectory(Path.Combine(folder, "seeds"));
        await File.WriteAllTextAsync(Path.Combine(folder, "migrations", "001_tags.sql"), "-- UP\nCREATE TABLE tags (name VARCHAR(20) PRIMARY KEY);\n-- DOWN\nDROP TABLE tags;\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "seeds", "tags.sql"), "INSERT INTO tags (name) VALUES ('new');");

        var refused = await Tool.RunAsync(folder, "db", "reset", "--database", "prod", "--no-build");
        await using var database = Database.Open(scratch.Url);
        Assert.Equal(1, refused.ExitCode);
        Assert.True(await database.Schema.HasTableAsync("customers"));

        var reset = await Tool.RunAsync(folder, "db", "reset", "--database", "prod", "--force", "--no-build", "--json");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("customers", reset.Json().GetProperty("dropped").EnumerateArray().Select(e => e.GetString()));
        Assert.False(await database.Schema.HasTableAsync("customers"));
        Assert.Equal("new", await database.ScalarAsync<string>($"SELECT name FROM tags"));
    }

    [Theory, AllDatabases]
    public async Task Introspected_models_compile_and_read_the_table_they_came_from(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await FillAsync(scratch.Url);
        var folder = Tool.Folder();

        var result = await Tool.RunAsync(folder, "db", "introspect", "--url", scratch.Url, "--models", "--out", "Data", "--namespace", "Shop.Data");

        Assert.Equal(0, result.ExitCode);
        var assembly = Compiler.Compile(Directory.GetFiles(Path.Combine(folder, "Data"), "*.cs").Select(File.ReadAllText));
        var customer = assembly.GetType("Shop.Data.Customer")!;
        var order = assembly.GetType("Shop.Data.Order")!;
        Assert.NotNull(order.GetProperty("Customer"));
        Assert.NotNull(customer.GetProperty("Orders"));
        Assert.Equal(typeof(string), customer.GetProperty("Email")!.PropertyType);
        await using var database = Database.Open(scratch.Url);
        var read = await FindAsync(database, customer, 1L);
        Assert.Equal("Ada", customer.GetProperty("Name")!.GetValue(read));
        Assert.Equal("ada@example.com", customer.GetProperty("Email")!.GetValue(read));
        var line = await FindAsync(database, order, 1L);
        Assert.Equal(12.50m, order.GetProperty("Total")!.GetValue(line));
    }

    /// <summary>Reads a row by key through a repository of the generated type.</summary>
    private static async Task<object?> FindAsync(Database database, Type entity, long id)
    {
        var repository = Activator.CreateInstance(typeof(Repository<,>).MakeGenericType(entity, typeof(long)), database, null, null)!;
        var task = (Task)repository.GetType().GetMethod("FindByIdAsync")!.Invoke(repository, [id, false, CancellationToken.None])!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    [Theory, AllDatabases]
    public async Task Query_health_and_stats_give_json_a_script_can_read(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await FillAsync(scratch.Url);
        var folder = Tool.Folder();

        var query = await Tool.RunAsync(folder, "db", "query", "SELECT id, name FROM customers", "--url", scratch.Url, "--format", "json");
        var csv = await Tool.RunAsync(folder, "db", "query", "SELECT name, email FROM customers", "--url", scratch.Url, "--format", "csv");
        var update = await Tool.RunAsync(folder, "db", "query", "UPDATE customers SET name = 'Ada L' WHERE id = 1", "--url", scratch.Url, "--json");
        var health = await Tool.RunAsync(folder, "health", "--url", scratch.Url, "--no-build", "--json");
        var stats = await Tool.RunAsync(folder, "stats", "--url", scratch.Url, "--json");

        Assert.Equal("Ada", query.Json()[0].GetProperty("name").GetString());
        Assert.Equal("name,email\nAda,ada@example.com\n", csv.Out);
        Assert.Equal(1, update.Json().GetProperty("rowsAffected").GetInt32());
        Assert.Equal("healthy", health.Json().GetProperty("status").GetString());
        Assert.False(stats.Json().GetProperty("available").GetBoolean());
        Assert.NotEmpty(stats.Json().GetProperty("reason").GetString()!);
    }
}
