using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Strata.Studio.Tests.Infrastructure;

/// <summary>Runs the axe checker on a page and fails with every violation listed.</summary>
public static class Accessibility
{
    public static async Task AssertCleanAsync(IPage page)
    {
        var result = await page.RunAxe();
        var problems = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(problems.Count == 0, $"Accessibility problems on {page.Url}:\n{string.Join('\n', problems)}");
    }
}
