using Strata.Schema.Introspection;

namespace Strata.Studio.Data;

/// <summary>One table on the Tables page.</summary>
/// <param name="Schema">Its introspected shape.</param>
/// <param name="IsStrataTable">One of Strata's own (migration history, its lock, module versions).</param>
/// <param name="Stats">What the catalogue says of its size.</param>
internal sealed record TableEntry(TableSchema Schema, bool IsStrataTable, TableStats Stats);

/// <summary>A row count: exact, or the catalogue's estimate for a table too large to count quickly.</summary>
internal sealed record RowCount(long Rows, bool Estimated);

/// <summary>The tables of the database, read once per request (introspection is not free).</summary>
internal sealed class StudioCatalog(StudioOptions options, EngineFacts facts)
{
    private DatabaseSchema? _all;
    private DatabaseSchema? _user;

    private IDatabase Database => options.Database;

    /// <summary>Every table, Strata's own included.</summary>
    public async Task<DatabaseSchema> SchemaAsync(CancellationToken cancellationToken) =>
        _all ??= await Database.Schema.IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true }, cancellationToken).ConfigureAwait(false);

    /// <summary>The application's tables, without Strata's own.</summary>
    public async Task<DatabaseSchema> UserSchemaAsync(CancellationToken cancellationToken) =>
        _user ??= await Database.Schema.IntrospectAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The table called <paramref name="name"/>, or null.</summary>
    public async Task<TableSchema?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await SchemaAsync(cancellationToken).ConfigureAwait(false)).Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Every table with its catalogue sizes, the application's first, by name.</summary>
    public async Task<IReadOnlyList<TableEntry>> TablesAsync(CancellationToken cancellationToken)
    {
        var all = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var user = (await UserSchemaAsync(cancellationToken).ConfigureAwait(false)).Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var stats = await facts.TableStatsAsync(Database, cancellationToken).ConfigureAwait(false);
        return [.. all.Tables
            .Select(t => new TableEntry(t, !user.Contains(t.Name), stats.GetValueOrDefault(t.Name) ?? new TableStats(null, null)))
            .OrderBy(t => t.IsStrataTable).ThenBy(t => t.Schema.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// The rows of <paramref name="table"/>: the catalogue's estimate when it passes <see cref="StudioOptions.ExactCountLimit"/>,
    /// else an exact <c>COUNT(*)</c>.
    /// </summary>
    public async Task<RowCount> CountAsync(TableSchema table, CancellationToken cancellationToken)
    {
        var stats = await facts.TableStatsAsync(Database, cancellationToken).ConfigureAwait(false);
        if (stats.GetValueOrDefault(table.Name)?.EstimatedRows is { } estimate && estimate > options.ExactCountLimit) return new RowCount(estimate, Estimated: true);
        return new RowCount(await Database.From(table.Name).CountAsync(cancellationToken).ConfigureAwait(false), Estimated: false);
    }
}
