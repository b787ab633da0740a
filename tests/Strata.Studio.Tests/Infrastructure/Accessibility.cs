using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Strata.Studio.Tests.Infrastructure;

/// <summary>Runs the axe checker on a page and fails with every violation listed.</summary>
public static class Accessibility
{
    /// <summary>
    /// Checks the page, on SQLite only: the markup is the same on every database, and axe takes a second or two a page on
    /// a busy machine.
    /// </summary>
    public static async Task AssertCleanAsync(IPage page, StudioFixture fixture)
    {
        if (fixture.Db != IntegrationTests.Infrastructure.Db.Sqlite) return;
        var result = await page.RunAxe();
        var problems = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(problems.Count == 0, $"Accessibility problems on {page.Url}:\n{string.Join('\n', problems)}");
    }
}
