using Strata.Schema.Introspection;

namespace Strata.Studio.Data;

/// <summary>A page of rows from the table browser.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">The rows, each by column name.</param>
/// <param name="NextCursor">The cursor for the next page, or null on the last.</param>
/// <param name="Sql">The SELECT that read them (text only; the values were parameters).</param>
/// <param name="Error">Why the filter could not run (a value that is not of the column's type), or null.</param>
/// <param name="Keyset">True when paging follows the primary key; false for a table without one (offset paging).</param>
internal sealed record BrowsePage(TableSchema Table, IReadOnlyList<DbRow> Rows, IReadOnlyList<string?>? NextCursor, string Sql, string? Error, bool Keyset);
