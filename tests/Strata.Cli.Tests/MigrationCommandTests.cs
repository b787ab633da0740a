using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>migrate, modules and seed on every database, each on a database created for the test.</summary>
public class MigrationCommandTests
{
    [Theory, AllDatabases]
    public async Task Migrate_create_up_status_down_and_reset_round_trip_as_a_process(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var folder = Tool.Folder();
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = scratch.Url };

        var created = await Tool.ProcessAsync(folder, null, env, "migrate", "create", "create_items", "--no-build");
        Assert.Equal(0, created.ExitCode);
        var file = created.Out.Trim();
        Assert.StartsWith(Path.Combine(folder, "migrations"), file);
        await File.WriteAllTextAsync(file, "-- UP\nCREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50));\n-- DOWN\nDROP TABLE items;\n");

        var plan = await Tool.ProcessAsync(folder, null, env, "migrate", "up", "--dry-run", "--no-build");
        Assert.Contains("CREATE TABLE items", plan.Out);
        var up = await Tool.ProcessAsync(folder, null, env, "migrate", "up", "--no-build", "--json");
        Assert.Equal(0, up.ExitCode);
        Assert.Equal("up", up.Json().GetProperty("steps")[0].GetProperty("direction").GetString());
        var status = await Tool.ProcessAsync(folder, null, env, "migrate", "status", "--no-build", "--json");
        var row = Assert.Single(status.Json().EnumerateArray());
        Assert.Equal("applied", row.GetProperty("state").GetString());
        Assert.True(row.GetProperty("checksumOk").GetBoolean());

        var down = await Tool.ProcessAsync(folder, null, env, "migrate", "down", "--no-build");
        Assert.Equal(0, down.ExitCode);
        Assert.Contains("create_items", down.Out);
        status = await Tool.ProcessAsync(folder, null, env, "migrate", "status", "--no-build", "--json");
        Assert.Equal("pending", status.Json()[0].GetProperty("state").GetString());

        Assert.Equal(0, (await Tool.ProcessAsync(folder, null, env, "migrate", "up", "--no-build")).ExitCode);
        var reset = await Tool.ProcessAsync(folder, null, env, "migrate", "reset", "--force", "--no-build");
        Assert.Equal(0, reset.ExitCode);
        await using var database = Database.Open(scratch.Url);
        Assert.False(await database.Schema.HasTableAsync("items"));
    }

    [Theory, AllDatabases]
    public async Task Modules_apply_twice_initializes_each_module_once(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var folder = Tool.Folder();
        var module = Directory.CreateDirectory(Path.Combine(folder, "modules", "core", "database")).FullName;
        await File.WriteAllTextAsync(Path.Combine(module, "schema.sql"), "CREATE TABLE core_settings (name VARCHAR(50) PRIMARY KEY, value VARCHAR(50));");
        await File.WriteAllTextAsync(Path.Combine(module, "init.sql"), "INSERT INTO core_settings (name, value) VALUES ('theme', 'dark');");

        var first = await Tool.RunAsync(folder, "modules", "apply", "--url", scratch.Url, "--no-build", "--json");
        var second = await Tool.RunAsync(folder, "modules", "apply", "--url", scratch.Url, "--no-build", "--json");
        var status = await Tool.RunAsync(folder, "modules", "status", "--url", scratch.Url, "--no-build", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("upToDate", status.Json().GetProperty("modules")[0].GetProperty("state").GetString());
        await using var database = Database.Open(scratch.Url);
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM core_settings"));
    }

    [Theory, AllDatabases]
    public async Task Seed_run_runs_the_environment_s_seed_files(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var folder = Tool.Folder();
        await using (var database = Database.Open(scratch.Url))
            await database.ExecuteAsync($"CREATE TABLE colours (name VARCHAR(20) PRIMARY KEY)");
        Directory.CreateDirectory(Path.Combine(folder, "seeds", "test"));
        await File.WriteAllTextAsync(Path.Combine(folder, "seeds", "001_red.sql"), "INSERT INTO colours (name) VALUES ('red');");
        await File.WriteAllTextAsync(Path.Combine(folder, "seeds", "test", "002_blue.sql"), "INSERT INTO colours (name) VALUES ('blue');");

        var result = await Tool.RunAsync(folder, "seed", "run", "--env", "test", "--url", scratch.Url, "--no-build", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["001_red", "002_blue"], result.Json().GetProperty("seeds").EnumerateArray().Select(e => e.GetString()));
        await using var check = Database.Open(scratch.Url);
        Assert.Equal(2, await check.ScalarAsync<int>($"SELECT COUNT(*) FROM colours"));
    }

    private const string AssemblySource = """
        using Strata;

        [Migration("20250101_001", "Create gadgets")]
        public sealed class CreateGadgets : Migration
        {
            public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
                context.Schema.CreateTable("gadgets", t => { t.BigIncrements("id"); t.String("name", 50).Unique(); }).ExecuteAsync(cancellationToken);

            public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
                context.Schema.DropTable("gadgets").ExecuteAsync(cancellationToken);
        }

        public sealed class GadgetSeeder : ISeeder
        {
            public IReadOnlyCollection<string> Environments => ["test"];

            public Task RunAsync(SeedContext context, CancellationToken cancellationToken) =>
                context.Session.From("gadgets").InsertAsync(new { name = "sprocket" }, cancellationToken);
        }
        """;

    [Theory, AllDatabases]
    public async Task Migrations_and_seeders_of_an_assembly_run_from_its_path_as_a_process(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var folder = Tool.Folder();
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        Compiler.CompileToFile([AssemblySource], Path.Combine(bin, "Gadgets.dll"));
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = scratch.Url };

        var status = await Tool.ProcessAsync(folder, null, env, "migrate", "status", "--assembly", "bin/Gadgets.dll", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("pending", Assert.Single(status.Json().EnumerateArray()).GetProperty("state").GetString());
        var up = await Tool.ProcessAsync(folder, null, env, "migrate", "up", "--assembly", "bin/Gadgets.dll");
        Assert.True(up.ExitCode == 0, up.ToString());
        var seed = await Tool.ProcessAsync(folder, null, env, "seed", "run", "--env", "test", "--assembly", "bin/Gadgets.dll");
        Assert.True(seed.ExitCode == 0, seed.ToString());

        await using var database = Database.Open(scratch.Url);
        Assert.Equal("sprocket", await database.ScalarAsync<string>($"SELECT name FROM gadgets"));
    }

    [Fact]
    public async Task An_assembly_that_is_missing_or_not_dotnet_is_one_clear_line_and_nothing_runs()
    {
        var folder = Tool.Folder();
        var url = "sqlite:" + Path.Combine(folder, "app.db");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.dll"), "not an assembly");

        var missing = await Tool.RunAsync(folder, "migrate", "up", "--url", url, "--assembly", "bin/Nope.dll");
        var foreign = await Tool.RunAsync(folder, "migrate", "up", "--url", url, "--assembly", "notes.dll");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'bin/Nope.dll' does not exist", missing.Error);
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("is not a .NET assembly", foreign.Error);
        Assert.Single(foreign.Error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(folder, "app.db")) && new FileInfo(Path.Combine(folder, "app.db")).Length > 0);
    }
}
