using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Migrations;

/// <summary>A migration runner killed with SIGKILL in the middle of a migration, on every database.</summary>
public class KilledRunnerTests
{
    [Theory, AllDatabases]
    public async Task A_runner_killed_mid_migration_leaves_a_clear_state_and_does_not_block_the_next(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        // Servers finish a sleep before they notice the client is gone, so it is short; SQLite's loop dies with the process.
        var slow = db switch
        {
            Db.Postgres => "SELECT pg_sleep(5)",
            Db.MariaDb => "SELECT SLEEP(5)",
            _ => "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c",
        };
        s.Write("001_first.sql", "-- UP\nCREATE TABLE {p}_first (id INTEGER);\n-- DOWN\nDROP TABLE {p}_first;\n");
        s.Write("002_slow.sql", $"-- UP\nCREATE TABLE {{p}}_half (id INTEGER);\n{slow};\nCREATE TABLE {{p}}_after (id INTEGER);\n-- DOWN\nDROP TABLE {{p}}_after;\nDROP TABLE {{p}}_half;\n");

        using (var runner = StartRunner(s))
        {
            await WaitForLineAsync(runner, "migrating 002");
            await Task.Delay(1500);
            runner.Kill();
            await runner.WaitForExitAsync();
        }

        var state = (await s.Migrator().StatusAsync()).ToDictionary(x => x.Version);
        Assert.False(await s.HasTableAsync("after"));
        Assert.Equal(state["001"].State == MigrationState.Applied, await s.HasTableAsync("first"));
        var options = s.Options();
        options.LockTimeout = TimeSpan.FromSeconds(30);
        if (s.Db.Dialect.SupportsTransactionalDdl)
        {
            // Rolled back with the dead connection: migration 002 is entirely absent (SQLite's run was one transaction, so 001 went with it).
            Assert.False(await s.HasTableAsync("half"));
            Assert.Equal(MigrationState.Pending, state["002"].State);
            Assert.Equal(db == Db.Sqlite ? MigrationState.Pending : MigrationState.Applied, state["001"].State);
        }
        else
        {
            // MariaDB committed the first statement; the history says how far the run got, and the next run refuses to guess.
            Assert.True(await s.HasTableAsync("half"));
            Assert.Equal((MigrationState.Failed, 1), (state["002"].State, state["002"].Statement));
            var refused = await Assert.ThrowsAsync<MigrationException>(() => new Migrator(s.Db, options).UpAsync());
            Assert.Contains("interrupted after its statement 1", refused.Message, StringComparison.Ordinal);
            await s.Db.Schema.DropTable(s.Table("half")).ExecuteAsync();
            await s.Migrator().RepairAsync("002");
        }

        s.Write("002_slow.sql", "-- UP\nCREATE TABLE {p}_half (id INTEGER);\nCREATE TABLE {p}_after (id INTEGER);\n-- DOWN\nDROP TABLE {p}_after;\nDROP TABLE {p}_half;\n");
        var started = Stopwatch.StartNew();
        await new Migrator(s.Db, options).UpAsync();
        Assert.True(started.Elapsed < options.LockTimeout, $"the next run waited {started.Elapsed} for the lock");
        Assert.All(await s.Migrator().StatusAsync(), x => Assert.Equal(MigrationState.Applied, x.State));
        Assert.True(await s.HasTableAsync("after"));
    }

    private static Process StartRunner(MigrationScope s)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RunnerPath());
        info.ArgumentList.Add(s.Url);
        info.ArgumentList.Add(s.Folder);
        info.ArgumentList.Add(s.History);
        return Process.Start(info) ?? throw new InvalidOperationException("The migration runner did not start.");
    }

    private static async Task WaitForLineAsync(Process process, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == expected) return;
        }
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The migration runner ended before printing '{expected}': {error}");
    }

    /// <summary>The runner is built beside this project, in the same configuration (see its ProjectReference).</summary>
    private static string RunnerPath()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var tests = Path.GetFullPath(Path.Combine(here, "..", "..", "..", ".."));
        var path = Path.Combine(tests, "Strata.MigrationRunner", "bin", configuration, framework, "Strata.MigrationRunner.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The migration runner was not built at {path}: build the solution first.", path);
    }
}
