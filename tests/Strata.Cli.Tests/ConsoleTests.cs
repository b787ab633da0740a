using System.Diagnostics;
using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>strata db console, driven through standard input and, as a person uses it, under tmux.</summary>
public class ConsoleTests
{
    [Theory, AllDatabases]
    public async Task A_script_on_standard_input_runs_a_transaction_survives_a_failing_statement_and_answers_meta_commands(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        const string script = """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(50));
            BEGIN;
            INSERT INTO notes (id, body)
              VALUES (1, 'rolled; back');
            ROLLBACK;
            SELECT * FROM missing_table;
            BEGIN;
            INSERT INTO notes (id, body) VALUES (2, 'kept');
            COMMIT;
            SELECT id, body FROM notes;
            \dt
            .schema notes
            \q
            """;

        var result = await Tool.ProcessAsync(Tool.Folder(), script, (IReadOnlyDictionary<string, string>?)null, "db", "console", "--url", scratch.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("BEGIN", result.Out);
        Assert.Contains("ROLLBACK", result.Out);
        Assert.Contains("COMMIT", result.Out);
        Assert.Contains("│ 2  │ kept │", result.Out);
        Assert.DoesNotContain("rolled; back", result.Out);
        Assert.Contains("(1 row, ", result.Out);
        Assert.Contains("missing_table", result.Error);
        Assert.Contains("│ notes │ table │", result.Out);
        Assert.Contains("│ body   │", result.Out);
        await using var database = Database.Open(scratch.Url);
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public async Task Under_tmux_it_shows_results_keeps_history_across_runs_and_ctrl_c_cancels_only_the_statement()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(Db.Postgres);
        var folder = Tool.Folder();
        var session = "strata" + Guid.NewGuid().ToString("N")[..8];
        var command = $"cd {folder} && STRATA_HISTORY_FILE={folder}/history dotnet {Tool.Dll} db console --url '{scratch.Url}'";
        try
        {
            await TmuxAsync("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
            await ScreenAsync(session, "strata>");
            await TypeAsync(session, "SELECT 40 + 2");
            await TypeAsync(session, "  AS answer;");
            var screen = await ScreenAsync(session, "(1 row");
            Assert.Contains("   ...>", screen);
            Assert.Contains("answer", screen);
            Assert.Contains("42", screen);

            await TypeAsync(session, "SELECT pg_sleep(30);");
            await Task.Delay(1500);
            await TmuxAsync("send-keys", "-t", session, "C-c");
            screen = await ScreenAsync(session, "cancelled");
            await TypeAsync(session, "SELECT 'still here' AS alive;");
            screen = await ScreenAsync(session, "still here │");
            await TypeAsync(session, "\\q");
            await WaitGoneAsync(session);

            // A new run recalls the last statement with the Up arrow.
            await TmuxAsync("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
            await ScreenAsync(session, "strata>");
            await TmuxAsync("send-keys", "-t", session, "Up");
            screen = await ScreenAsync(session, "strata> \\q");
            await TmuxAsync("send-keys", "-t", session, "Up");
            screen = await ScreenAsync(session, "strata> SELECT 'still here' AS alive;");
            await TmuxAsync("send-keys", "-t", session, "Enter");
            await ScreenAsync(session, "(1 row");
        }
        finally
        {
            await TmuxAsync("kill-session", "-t", session).ContinueWith(_ => { });
        }
    }

    [Fact]
    public async Task Health_watch_refreshes_on_screen_until_ctrl_c_and_then_exits_cleanly()
    {
        var folder = Tool.Folder();
        var session = "strata" + Guid.NewGuid().ToString("N")[..8];
        var command = $"cd {folder} && dotnet {Tool.Dll} health --watch --interval 0.5 --url 'sqlite:{folder}/app.db'; echo exit=$?; sleep 60";
        try
        {
            await TmuxAsync("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
            var first = await ScreenAsync(session, "Ctrl+C to stop");
            Assert.Contains("│ status     │ healthy", first);
            // The caption carries the time of the last check: a second screen with another time shows it refreshed.
            var stamp = Caption(first);
            var waited = Stopwatch.StartNew();
            while (Caption(await ScreenAsync(session, "Ctrl+C to stop")) == stamp && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(300);
            Assert.NotEqual(stamp, Caption(await ScreenAsync(session, "Ctrl+C to stop")));

            await TmuxAsync("send-keys", "-t", session, "C-c");
            var after = await ScreenAsync(session, "exit=");
            Assert.Contains("exit=0", after);
            Assert.DoesNotContain("Exception", after);
        }
        finally
        {
            await TmuxAsync("kill-session", "-t", session).ContinueWith(_ => { });
        }

        static string Caption(string screen) => screen.Split('\n').First(l => l.Contains("Ctrl+C to stop", StringComparison.Ordinal)).Trim();
    }

    private static async Task TypeAsync(string session, string text)
    {
        // tmux reads a ';' ending an argument as its own command separator: the terminator goes as a hex key.
        var terminated = text.EndsWith(';');
        await TmuxAsync("send-keys", "-t", session, "-l", terminated ? text[..^1] : text);
        if (terminated) await TmuxAsync("send-keys", "-t", session, "-H", "3b");
        await TmuxAsync("send-keys", "-t", session, "Enter");
    }

    /// <summary>Waits until the pane shows <paramref name="expected"/>; fails with the screen after 20 seconds.</summary>
    private static async Task<string> ScreenAsync(string session, string expected)
    {
        var screen = "";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(200))
        {
            screen = await TmuxAsync("capture-pane", "-p", "-t", session);
            if (screen.Contains(expected, StringComparison.Ordinal)) return screen;
        }
        Assert.Fail($"The screen never showed '{expected}':\n{screen}");
        return screen;
    }

    private static async Task WaitGoneAsync(string session)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(200))
        {
            try
            {
                await TmuxAsync("has-session", "-t", session);
            }
            catch (InvalidOperationException)
            {
                return;
            }
        }
        Assert.Fail("The console did not quit on \\q.");
    }

    private static async Task<string> TmuxAsync(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
