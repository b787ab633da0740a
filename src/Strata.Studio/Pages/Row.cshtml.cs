using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Schema.Introspection;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>One row, every value in full; with writes allowed, a cell can be edited and the row deleted, each after its SQL is shown.</summary>
internal sealed class RowModel(StudioCatalog catalog, StudioOptions options) : PageModel
{
    /// <summary>The row's primary key values, in key order.</summary>
    [BindProperty(SupportsGet = true)] public List<string> Key { get; set; } = [];

    /// <summary>The column to edit.</summary>
    [BindProperty] public string? Column { get; set; }

    /// <summary>The new value.</summary>
    [BindProperty] public string? Value { get; set; }

    /// <summary>Set the column to NULL instead.</summary>
    [BindProperty] public bool SetNull { get; set; }

    /// <summary>The change was seen and confirmed.</summary>
    [BindProperty] public bool Confirmed { get; set; }

    public TableSchema? Table { get; private set; }

    public DbRow? Row { get; private set; }

    public ChangePreview? Preview { get; private set; }

    public string? Error { get; private set; }

    public string? Done { get; private set; }

    public StudioOptions Options => options;

    public string Self => $"/table/{Uri.EscapeDataString(Table!.Name)}/row?{string.Join('&', Key.Select(k => "key=" + Uri.EscapeDataString(k)))}";

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken).ConfigureAwait(false) ? Page() : NotFound($"There is no such row in '{name}'.");

    public Task<IActionResult> OnPostEditAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, RowChangeKind.Update, "Edit", cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync(name, RowChangeKind.Delete, "Delete", cancellationToken);

    private async Task<IActionResult> ChangeAsync(string name, RowChangeKind kind, string handler, CancellationToken cancellationToken)
    {
        if (!options.AllowWrites) return StatusCode(403, "The studio is read-only; start it with --write to change rows.");
        if (!await LoadAsync(name, cancellationToken).ConfigureAwait(false)) return NotFound($"There is no such row in '{name}'.");
        try
        {
            var values = kind == RowChangeKind.Update
                ? new Dictionary<string, string?> { [Column ?? ""] = SetNull ? null : Value ?? "" }
                : [];
            var change = RowChange.Create(options.Database, Table!, kind, Key, values);
            if (!Confirmed)
            {
                var fields = Key.Select(k => new KeyValuePair<string, string?>("key", k)).ToList();
                if (kind == RowChangeKind.Update)
                    fields.AddRange([new("column", Column), new("value", Value), new("setNull", SetNull ? "true" : "false")]);
                Preview = new ChangePreview(change, handler, fields, Self);
                return Page();
            }
            await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
            if (kind == RowChangeKind.Delete) return Redirect($"/table/{Uri.EscapeDataString(name)}");
            Done = $"{Column} was changed.";
            await LoadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or DatabaseException or InvalidOperationException)
        {
            Error = e.Message;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        Table = await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (Table?.PrimaryKey is not { } key || key.Columns.Count != Key.Count) return false;
        var query = options.Database.From(Table.Name);
        try
        {
            for (var i = 0; i < key.Columns.Count; i++) query = query.Where(key.Columns[i], ValueParser.Parse(Key[i], Table.FindColumn(key.Columns[i])!.ClrType));
        }
        catch (FormatException)
        {
            return false;
        }
        Row = await query.FirstOrDefaultAsync<DbRow>(cancellationToken).ConfigureAwait(false);
        return Row is not null;
    }
}
