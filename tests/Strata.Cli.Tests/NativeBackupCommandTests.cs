using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>db backup and db restore --native: the engine's own tools, and a clear error when they are not installed.</summary>
public class NativeBackupCommandTests
{
    [Theory, AllDatabases]
    public async Task A_native_backup_restores_the_database_as_it_was(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await using (var database = Database.Open(scratch.Url))
        {
            await database.Schema.CreateTable("notes", t => { t.Increments("id"); t.String("body", 50); }).ExecuteAsync();
            await database.ExecuteAsync($"INSERT INTO notes (body) VALUES ('kept')");
        }
        var folder = Tool.Folder();

        var backup = await Tool.ProcessAsync(folder, "db", "backup", "-o", "app.backup", "--url", scratch.Url);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(new FileInfo(Path.Combine(folder, "app.backup")).Length > 0);
        Assert.DoesNotContain("strata:strata", backup.Out + backup.Error);
        await using (var database = Database.Open(scratch.Url))
            await database.ExecuteAsync($"UPDATE notes SET body = 'changed'");

        var restore = await Tool.ProcessAsync(folder, "db", "restore", "app.backup", "--native", "--force", "--url", scratch.Url);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        await using (var database = Database.Open(scratch.Url))
            Assert.Equal("kept", await database.ScalarAsync<string>($"SELECT body FROM notes"));
        // No option file with the password is left behind.
        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "strata-*.cnf"), f => File.GetLastWriteTimeUtc(f) > DateTime.UtcNow.AddMinutes(-1));
    }

    [Theory, ServerDatabases]
    public async Task A_native_backup_without_the_tool_installed_says_so_and_keeps_the_previous_backup(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var folder = Tool.Folder();
        var empty = Directory.CreateTempSubdirectory("strata-no-tools-").FullName;
        var previous = Path.Combine(folder, "x.backup");
        await File.WriteAllTextAsync(previous, "yesterday's backup");

        var result = await Tool.ProcessAsync(folder, null, new Dictionary<string, string> { ["PATH"] = empty }, "db", "backup", "-o", "x.backup", "--url", scratch.Url);
        Directory.Delete(empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not installed", result.Error);
        Assert.Equal("yesterday's backup", await File.ReadAllTextAsync(previous));
        Assert.Equal(["x.backup"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }
}
