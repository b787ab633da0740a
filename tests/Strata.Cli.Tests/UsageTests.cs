using Strata.Cli.Tests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>Bad input: each a one-line error, exit code 2 for usage and 1 for a failed operation, and nothing changed.</summary>
public class UsageTests
{
    [Fact]
    public async Task Help_on_a_command_shows_its_examples()
    {
        var result = await Tool.ProcessAsync(Tool.Folder(), "migrate", "up", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("strata migrate up --dry-run", result.Out);
    }

    [Theory]
    [InlineData(new[] { "mirgate" }, "Unrecognized command or argument 'mirgate'")]
    [InlineData(new[] { "migrate", "up", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "migrate" }, "'strata migrate' needs a command: ")]
    [InlineData(new[] { "migrate", "status" }, "No database given: pass --url URL")]
    [InlineData(new[] { "migrate", "create", "bad-name" }, "'bad-name' is not a migration name")]
    [InlineData(new[] { "migrate", "up", "--url", "sqlite:x.db", "--migrations", "nowhere" }, "The migrations folder 'nowhere' does not exist")]
    [InlineData(new[] { "db", "query", "SELECT 1", "--format", "xml", "--url", "sqlite:x.db" }, "xml")]
    public async Task Bad_usage_is_one_line_and_exit_code_2(string[] args, string message)
    {
        var folder = Tool.Folder();
        var result = await Tool.RunAsync(folder, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_without_the_password_and_exit_code_1()
    {
        var result = await Tool.ProcessAsync(Tool.Folder(), "migrate", "status", "--url", "postgres://app:hunter2@127.0.0.1:1/app?connect_timeout=2");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Error + result.Out);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Config_shows_where_the_database_came_from_with_the_password_hidden()
    {
        var folder = Tool.Folder();
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.json"), """
            { "ConnectionStrings": { "main": "postgres://app:hunter2@db.example/app" },
              "Strata": { "Databases": { "main": { "Environment": "Production" }, "local": { "Url": "sqlite:local.db" } } } }
            """);

        var main = await Tool.RunAsync(folder, "config", "--database", "main", "--json");
        var env = await Tool.RunAsync(folder, null, new Dictionary<string, string> { ["DATABASE_URL"] = "mysql://u:pw1234@h/d" }, "config", "--json");
        var none = await Tool.RunAsync(folder, "config", "--database", "nope");

        Assert.Equal(0, main.ExitCode);
        var json = main.Json();
        Assert.Equal("postgres://app:***@db.example/app", json.GetProperty("url").GetString());
        Assert.Equal("ConnectionStrings:main in strata.json", json.GetProperty("source").GetString());
        Assert.True(json.GetProperty("production").GetBoolean());
        Assert.DoesNotContain("hunter2", main.Out);
        Assert.Equal("DATABASE_URL", env.Json().GetProperty("source").GetString());
        Assert.DoesNotContain("pw1234", env.Out);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("No database named 'nope' is configured; the databases are 'local', 'main'", none.Error);
    }

    [Fact]
    public async Task Generated_skeletons_compile()
    {
        var folder = Tool.Folder();
        var url = new[] { "--url", "sqlite:" + Path.Combine(folder, "x.db") };
        Assert.Equal(0, (await Tool.RunAsync(folder, ["generate", "migration", "backfill_totals", "--no-build", .. url])).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync(folder, "generate", "model", "Customer", "--out", "gen", "--table", "customers")).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync(folder, "generate", "repository", "Customer", "--out", "gen")).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync(folder, "generate", "seeder", "Customers", "--out", "gen", "--env", "development")).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync(folder, "seed", "create", "Demo", "--cs", "--out", "gen")).ExitCode);

        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.Equal(5, files.Length);
        Compiler.Compile(files.Select(File.ReadAllText));
    }
}
