using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Schema.Introspection;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>The table browser: a page of rows, sorted, filtered and paged by key. Everything it needs is in the address, so pages can be bookmarked.</summary>
internal sealed class TableModel(StudioCatalog catalog, StudioOptions options) : PageModel
{
    /// <summary>The column to sort by; the primary key when empty.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    /// <summary>Sort downwards.</summary>
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }

    /// <summary>Filter columns, operators and values, position by position.</summary>
    [BindProperty(SupportsGet = true)] public List<string> Fc { get; set; } = [];

    /// <inheritdoc cref="Fc"/>
    [BindProperty(SupportsGet = true)] public List<string> Fo { get; set; } = [];

    /// <inheritdoc cref="Fc"/>
    [BindProperty(SupportsGet = true)] public List<string?> Fv { get; set; } = [];

    /// <summary>The keyset cursor: a JSON array of the last row's sort values.</summary>
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>The page's number, for display (and for offset paging of a table without a primary key).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public BrowsePage? Result { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<ColumnFilter> Filters { get; private set; } = [];

    public StudioOptions Options => options;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } table) return NotFound($"There is no table '{name}'.");
        Filters = [.. Fc.Select((c, i) => new ColumnFilter(c, Fo.ElementAtOrDefault(i) ?? "=", Fv.ElementAtOrDefault(i)))
            .Where(f => !string.IsNullOrEmpty(f.Column) && (FilterOperators.TakesNoValue(f.Operator) || !string.IsNullOrEmpty(f.Value)))];
        IReadOnlyList<string?>? cursor = null;
        try
        {
            cursor = After is null ? null : JsonSerializer.Deserialize<List<string?>>(After);
        }
        catch (JsonException)
        {
            Error = "The page cursor in the address is damaged; showing the first page.";
        }
        try
        {
            Result = await new TableBrowser(options).ReadAsync(table, new BrowseRequest(Sort, Desc, Filters, cursor, Math.Max(1, PageNumber)), cancellationToken).ConfigureAwait(false);
            Error ??= Result.Error;
        }
        catch (DatabaseException e)
        {
            Error = e.Message;
            Result = new BrowsePage(table, [], null, "", e.Message, table.PrimaryKey is not null);
        }
        return Page();
    }

    /// <summary>This page's address with the sort, direction, cursor and page changed; filters kept.</summary>
    public string Link(string? sort, bool desc, IReadOnlyList<string?>? after, int page)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrEmpty(sort)) query.Add(new("sort", sort));
        if (desc) query.Add(new("desc", "true"));
        foreach (var filter in Filters)
        {
            query.Add(new("fc", filter.Column));
            query.Add(new("fo", filter.Operator));
            query.Add(new("fv", filter.Value ?? ""));
        }
        if (after is not null) query.Add(new("after", JsonSerializer.Serialize(after)));
        if (page > 1) query.Add(new("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return $"/table/{Uri.EscapeDataString(Result!.Table.Name)}{QueryString.Create(query)}";
    }

    /// <summary>The address of a row's own page, by its primary key.</summary>
    public static string RowLink(TableSchema table, DbRow row) =>
        $"/table/{Uri.EscapeDataString(table.Name)}/row{QueryString.Create(table.PrimaryKey!.Columns.Select(c => new KeyValuePair<string, string?>("key", row[c] is { } v ? CellView.Format(v) : "")))}";
}
