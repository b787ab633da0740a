using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Schema.Introspection;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>Inserts a row (writes allowed only): a field per column; an empty field leaves the column to its default.</summary>
internal sealed class InsertModel(StudioCatalog catalog, StudioOptions options) : PageModel
{
    /// <summary>Values by column; empty ones are left out of the INSERT.</summary>
    [BindProperty] public Dictionary<string, string?> Values { get; set; } = [];

    /// <summary>The change was seen and confirmed.</summary>
    [BindProperty] public bool Confirmed { get; set; }

    public TableSchema? Table { get; private set; }

    public ChangePreview? Preview { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (!options.AllowWrites) return StatusCode(403, "The studio is read-only; start it with --write to insert rows.");
        Table = await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false);
        return Table is null ? NotFound($"There is no table '{name}'.") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken cancellationToken)
    {
        var shown = await OnGetAsync(name, cancellationToken).ConfigureAwait(false);
        if (Table is null) return shown;
        try
        {
            var given = Values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value);
            var change = RowChange.Create(options.Database, Table, RowChangeKind.Insert, [], given);
            if (!Confirmed)
            {
                Preview = new ChangePreview(change, "", [.. given.Select(v => new KeyValuePair<string, string?>($"values[{v.Key}]", v.Value))], $"/table/{Uri.EscapeDataString(name)}/insert");
                return Page();
            }
            await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
            return Redirect($"/table/{Uri.EscapeDataString(name)}");
        }
        catch (Exception e) when (e is FormatException or DatabaseException or InvalidOperationException)
        {
            Error = e.Message;
        }
        return Page();
    }
}
