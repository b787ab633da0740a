using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>Redis: the keys under the store's prefix with their types and times to live, filtered by a glob.</summary>
internal sealed class RedisModel(StudioOptions options) : PageModel
{
    /// <summary>The glob the keys' names (after the prefix) must match; empty for every key.</summary>
    [BindProperty(SupportsGet = true, Name = "match")]
    public string? Match { get; set; }

    public string Prefix => options.Redis?.Options.KeyPrefix ?? "";

    public IReadOnlyList<RedisKeyRow> Keys { get; private set; } = [];

    public bool More { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (options.Redis is null) return NotFound();
        try
        {
            (Keys, More) = await RedisBrowser.ListAsync(options.Redis, Match, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisBrowser.IsRedisFailure(e))
        {
            Error = e.Message;
        }
        return Page();
    }

    /// <summary>A time to live as the page shows it: "none" for a key that does not expire.</summary>
    public static string Ttl(TimeSpan? ttl) => ttl is { } t ? (t.TotalSeconds < 1 ? "under 1 s" : $"{Math.Floor(t.TotalSeconds):N0} s") : "none";
}
