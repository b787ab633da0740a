using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>One Redis key's value: a string whole, or the first entries of a collection, with its type and time to live.</summary>
internal sealed class RedisKeyModel(StudioOptions options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "name")]
    public string Name { get; set; } = "";

    public RedisValueView? Value { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (options.Redis is null) return NotFound();
        try
        {
            Value = await RedisBrowser.ReadAsync(options.Redis, Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisBrowser.IsRedisFailure(e))
        {
            Error = e.Message;
            return Page();
        }
        // A key outside the store's prefix is as absent as one that does not exist.
        return Value is null ? NotFound() : Page();
    }
}
