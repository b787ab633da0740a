using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>The Tables page: every table with its size; row counts arrive one by one after the page, so a big table never holds it up.</summary>
internal sealed class IndexModel : PageModel
{
    private readonly StudioCatalog _catalog;

    public IndexModel(StudioCatalog catalog) => _catalog = catalog;

    public IReadOnlyList<TableEntry> Tables { get; private set; } = [];

    /// <summary>Lists the tables.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => Tables = await _catalog.TablesAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The row count of one table, as an HTML fragment for the list.</summary>
    public async Task<IActionResult> OnGetCountAsync(string name, CancellationToken cancellationToken)
    {
        if (await _catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } table) return NotFound();
        var count = await _catalog.CountAsync(table, cancellationToken).ConfigureAwait(false);
        var text = count.Rows.ToString("N0", CultureInfo.InvariantCulture);
        return Content(count.Estimated ? $"<span class=\"estimate\" title=\"Estimated by the database's statistics\">~{text} (estimated)</span>" : text, "text/html");
    }

    /// <summary>Bytes as kB, MB or GB.</summary>
    public static string Size(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes.Value / 1024.0).ToString("0.0 kB", CultureInfo.InvariantCulture),
        < 1024L * 1024 * 1024 => (bytes.Value / 1048576.0).ToString("0.0 MB", CultureInfo.InvariantCulture),
        _ => (bytes.Value / 1073741824.0).ToString("0.00 GB", CultureInfo.InvariantCulture),
    };
}
