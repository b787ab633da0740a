using System.Diagnostics;
using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>A restore whose process is killed half-way leaves the target as it was, and the next restore completes.</summary>
public class TransferKillTests
{
    private const int Rows = 100_000;

    // PostgreSQL loads rows by binary COPY, fast enough that 100,000 of them leave only a tenth of a second between the first
    // progress line and the commit; a tenfold table keeps the kill well inside the load even when this process reads the lines late.
    private static int RowsFor(Db db) => db == Db.Postgres ? 1_000_000 : Rows;

    [Theory, AllDatabases]
    public async Task A_restore_killed_mid_way_leaves_the_target_unchanged_and_the_next_restore_completes(Db db)
    {
        var rows = RowsFor(db);
        var folder = Tool.Folder();
        var archive = Path.Combine(folder, "big.strata");
        await using (var from = await ScratchDatabase.CreateAsync(Db.Sqlite))
        {
            await using var source = Database.Open(from.Url);
            await source.Schema.CreateTable("big", t => { t.BigIncrements("id"); t.String("name", 40); }).ExecuteAsync();
            await source.ExecuteAsync($"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO big (id, name) SELECT i, 'row ' || i FROM n");
            await using var file = File.Create(archive);
            await source.DumpAsync(file);
        }
        await using var to = await ScratchDatabase.CreateAsync(db);
        await using var target = Database.Open(to.Url);
        await target.Schema.CreateTable("big", t => { t.BigIncrements("id"); t.String("name", 40); }).ExecuteAsync();
        await target.ExecuteAsync($"INSERT INTO big (name) VALUES ('old one'), ('old two')");

        // Killed once it has loaded rows (its progress lines say so), well before the end. On MariaDB the restore loads into
        // staging tables and swaps them in at the end (RENAME TABLE): an open transaction that has read the table holds it back
        // there, so the kill cannot come after the swap however fast the load and however slow this process reads the lines.
        var holder = db == Db.MariaDb ? await target.OpenSessionAsync() : null;
        bool killed;
        string progress;
        try
        {
            if (holder is not null)
            {
                await holder.ExecuteAsync($"START TRANSACTION");
                await holder.QueryAsync<string>($"SELECT name FROM big");
            }
            (killed, progress) = await RestoreUntilRowsThenKillAsync(folder, to.Url);
        }
        finally
        {
            if (holder is not null)
            {
                await holder.ExecuteAsync($"COMMIT");
                await holder.DisposeAsync();
            }
        }
        Assert.True(killed, "The restore finished before it could be killed:\n" + progress);
        Assert.Contains("Restoring big:", progress);

        Assert.Equal(["old one", "old two"], await target.QueryAsync<string>($"SELECT name FROM big ORDER BY id"));
        var user = (await target.Schema.IntrospectAsync()).Tables.Select(t => t.Name).Where(n => !n.StartsWith("strata_", StringComparison.Ordinal));
        Assert.Equal(["big"], user);

        // The next restore (which on MariaDB first drops the staging tables the killed one left) completes.
        var again = await Tool.ProcessAsync(folder, "db", "restore", "big.strata", "--replace", "--force", "--url", to.Url);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(rows, await target.ScalarAsync<long>($"SELECT COUNT(*) FROM big"));
        Assert.Equal(["big"], (await target.Schema.IntrospectAsync()).Tables.Select(t => t.Name));
    }

    private static async Task<(bool Killed, string Progress)> RestoreUntilRowsThenKillAsync(string folder, string url)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Tool.Dll, "db", "restore", "big.strata", "--replace", "--force", "--url", url }) start.ArgumentList.Add(arg);
        start.Environment["STRATA_HISTORY_FILE"] = Path.Combine(folder, ".history");
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.StartsWith("Restoring big: ", StringComparison.Ordinal) && !line.Contains("done", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(timeout.Token);
                return (true, seen.ToString());
            }
        }
        await process.WaitForExitAsync(timeout.Token);
        return (false, seen + await stdout);
    }
}
