using System.Diagnostics;
using System.Net;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Studio.Tests;

/// <summary>'strata studio' as a real process: it prints a link that signs a client in, and nothing answers without it.</summary>
public sealed class StudioProcessTests
{
    [Fact]
    public async Task Strata_studio_prints_a_one_time_link_that_opens_the_studio()
    {
        var file = TestDatabase.NewSqliteFile();
        await using (var database = Database.Open("sqlite:" + file))
            await database.ExecuteAsync(Sql.Raw("CREATE TABLE visitors (id INTEGER PRIMARY KEY, name TEXT)"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Strata.Cli.dll"), "studio", "--url", "sqlite:" + file }) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DATABASE_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? link = null;
            while (link is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) link = line.Trim();
            }
            Assert.True(link is not null, "strata studio ended without printing a link.");
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{48}$", link);
            using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
            using var client = new HttpClient(cookies);
            var address = new Uri(link!).GetLeftPart(UriPartial.Authority);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(address + "/")).StatusCode);
            var page = await client.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("visitors", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }
}
