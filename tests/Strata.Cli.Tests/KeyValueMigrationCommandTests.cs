using Microsoft.Extensions.Logging;
using Strata.Cli.Tests.Infrastructure;
using Strata.KeyValue;

namespace Strata.Cli.Tests;

/// <summary>migrate up, down, status and plan on a key-value store (a rocksdb: URL or a store of the configuration); no server needed.</summary>
public class KeyValueMigrationCommandTests
{
    private const string Migrations = """
        using Strata;
        using Strata.KeyValue;

        namespace Shop.Migrations;

        [Migration("001", "Greeting")]
        public sealed class Greeting : KeyValueMigration
        {
            public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) =>
                await context.Transaction.PutAsync("greeting", "hello", cancellationToken);

            public override async Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) =>
                await context.Transaction.DeleteAsync("greeting", cancellationToken);
        }

        [Migration("002", "Index users by email")]
        public sealed class IndexUsers : KeyValueMigration
        {
            public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
            {
                await context.Namespace("users-by-email").PutAsync("ada@example.com", "user:ada", cancellationToken);
                await context.Transaction.DeleteAsync("obsolete", cancellationToken);
            }

            public override async Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) =>
                await context.Namespace("users-by-email").DeleteAsync("ada@example.com", cancellationToken);
        }
        """;

    [Fact]
    public async Task Migrate_plan_up_status_and_down_run_a_stores_csharp_migrations_as_a_process()
    {
        var folder = Tool.Folder();
        var assembly = CompileMigrations(folder);
        string[] target = ["--url", "rocksdb:data/kv", "--assembly", assembly];

        var plan = await Tool.ProcessAsync(folder, ["migrate", "plan", .. target, "--json"]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var steps = plan.Json().GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        var writes = steps[1].GetProperty("writes");
        Assert.Equal("users-by-email", writes[0].GetProperty("namespace").GetString());
        Assert.Equal("ada@example.com", writes[0].GetProperty("key").GetString());
        Assert.Equal("delete", writes[1].GetProperty("kind").GetString());
        var status = await Tool.ProcessAsync(folder, ["migrate", "status", .. target, "--json"]);
        Assert.All(status.Json().EnumerateArray(), m => Assert.Equal("pending", m.GetProperty("state").GetString()));

        var up = await Tool.ProcessAsync(folder, ["migrate", "up", .. target, "--json"]);
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal(["001", "002"], up.Json().GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("version").GetString()));
        status = await Tool.ProcessAsync(folder, ["migrate", "status", .. target]);
        Assert.Contains("2 applied, 0 pending", status.Error);

        var down = await Tool.ProcessAsync(folder, ["migrate", "down", .. target]);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains("Index users by email", down.Out);

        await using var store = KeyValueStore.Open(new KeyValueOptions { Path = Path.Combine(folder, "data", "kv") });
        Assert.Equal("hello", await store.GetAsync<string>("greeting"));
        Assert.False(await store.Namespace("users-by-email").ExistsAsync("ada@example.com"));
        // Only the first migration is still recorded (missing here: this process does not have its class).
        Assert.Equal("001", Assert.Single(await store.Migrator.StatusAsync()).Version);
    }

    [Fact]
    public async Task A_store_of_the_configuration_is_found_by_name_with_its_path_relative_to_the_file()
    {
        var folder = Tool.Folder();
        var assembly = CompileMigrations(folder);
        var app = Directory.CreateDirectory(Path.Combine(folder, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """
            {
              "ConnectionStrings": { "main": "sqlite:app.db" },
              "Strata": { "KeyValue": { "kv": { "Path": "data/kv", "Sync": false } } }
            }
            """);

        var up = await Tool.RunAsync(folder, "migrate", "up", "--database", "kv", "--config", Path.Combine(app, "appsettings.json"), "--assembly", assembly, "--to", "001");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("Applied 1 migration", up.Error);
        await using var store = KeyValueStore.Open(new KeyValueOptions { Path = Path.Combine(app, "data", "kv") });
        Assert.Equal("hello", await store.GetAsync<string>("greeting"));
    }

    [Theory]
    [InlineData("migrate", "reset", "--force")]
    [InlineData("db", "query", "select 1")]
    [InlineData("migrate", "create", "add_items")]
    public async Task Commands_that_need_a_sql_database_refuse_a_key_value_store_by_name(params string[] command)
    {
        var folder = Tool.Folder();

        var result = await Tool.RunAsync(folder, [.. command, "--url", "rocksdb:data/kv"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is a key-value store: of the strata commands, migrate up, down, status and plan work with one", result.Error);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
        Assert.False(Directory.Exists(Path.Combine(folder, "migrations")));
    }

    [Fact]
    public async Task Sql_migration_folders_and_a_target_version_for_down_are_refused_for_a_store()
    {
        var folder = Tool.Folder();
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));

        var withFolder = await Tool.RunAsync(folder, "migrate", "up", "--url", "rocksdb:kv", "--migrations", "migrations");
        var downTo = await Tool.RunAsync(folder, "migrate", "down", "--url", "rocksdb:kv", "--to", "001", "--no-build");

        Assert.Equal(2, withFolder.ExitCode);
        Assert.Contains("--migrations is for SQL databases", withFolder.Error);
        Assert.Equal(2, downTo.ExitCode);
        Assert.Contains("give --steps N instead of --to", downTo.Error);
    }

    /// <summary>Compiles the two sample migrations into a uniquely named assembly in <paramref name="folder"/>; returns its path.</summary>
    private static string CompileMigrations(string folder)
    {
        var path = Path.Combine(folder, $"Shop.Migrations.{Guid.NewGuid():N}.dll");
        Compiler.CompileToFile([Migrations], path, typeof(KeyValueStore).Assembly, typeof(ILogger).Assembly);
        return path;
    }
}
