using Strata.Query;
using Strata.Schema.Introspection;

namespace Strata.Studio.Data;

/// <summary>
/// Reads pages of a table with the query builder: filters become parameterised conditions, and paging follows the sort
/// key (the chosen column, then the primary key) from the last row shown, so every page costs the same as the first.
/// </summary>
internal sealed class TableBrowser(StudioOptions options)
{
    /// <summary>Reads the page <paramref name="request"/> asks for.</summary>
    public async Task<BrowsePage> ReadAsync(TableSchema table, BrowseRequest request, CancellationToken cancellationToken)
    {
        var order = SortKey(table, request);
        var query = options.Database.From(table.Name);
        try
        {
            foreach (var filter in request.Filters) query = Apply(query, table, filter);
            if (order is not null && request.After is { } after) query = query.Where(g => After(g, table, order, after, request.Descending));
        }
        catch (FormatException e)
        {
            return new BrowsePage(table, [], null, "", e.Message, order is not null);
        }
        var direction = request.Descending ? SortDirection.Descending : SortDirection.Ascending;
        foreach (var column in order ?? [])
            query = table.FindColumn(column)!.IsNullable ? query.OrderBy(column, direction, NullsOrder.Last) : query.OrderBy(column, direction);
        if (order is null)
        {
            if (request.Sort is { } sort && table.FindColumn(sort) is not null) query = query.OrderBy(sort, direction, NullsOrder.Last);
            query = query.Offset((Math.Max(1, request.Page) - 1) * options.PageSize);
        }
        query = query.Limit(options.PageSize + 1);
        var rows = await query.ToListAsync<DbRow>(cancellationToken).ConfigureAwait(false);
        var more = rows.Count > options.PageSize;
        var shown = more ? rows.Take(options.PageSize).ToList() : rows;
        var next = more && order is not null ? order.Select(c => Cursor(shown[^1], c)).ToList() : null;
        return new BrowsePage(table, shown, next, query.ToSql(options.Database.Dialect).Text, null, order is not null);
    }

    /// <summary>The columns rows are ordered and paged by: the sort column (when it is not the key) and the primary key; null without a key.</summary>
    public static IReadOnlyList<string>? SortKey(TableSchema table, BrowseRequest request)
    {
        if (table.PrimaryKey is not { Columns.Count: > 0 } key) return null;
        if (request.Sort is { } sort && table.FindColumn(sort) is { } column && !key.Columns.Contains(column.Name, StringComparer.Ordinal))
            return [column.Name, .. key.Columns];
        return key.Columns;
    }

    private static string? Cursor(DbRow row, string column) => row[column] is { } value and not DBNull ? CellView.Format(value) : null;

    /// <summary>
    /// Rows after the cursor in (c0, c1, …) order: c0 beyond v0, or c0 = v0 and c1 beyond v1, and so on. A nullable first
    /// column sorts its NULLs last, so after a value come the greater values and then the NULLs.
    /// </summary>
    private static ConditionGroup After(ConditionGroup group, TableSchema table, IReadOnlyList<string> order, IReadOnlyList<string?> after, bool descending)
    {
        if (after.Count != order.Count) throw new FormatException("The page cursor does not match the sort order; go back to the first page.");
        var beyond = descending ? "<" : ">";
        var values = order.Select((c, i) => after[i] is null ? null : ValueParser.Parse(after[i]!, table.FindColumn(c)!.ClrType)).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            var depth = i;
            if (values[depth] is null && depth == 0) continue;   // nothing sorts after NULL but more NULLs, which the next terms reach
            group = group.OrWhere(g =>
            {
                for (var j = 0; j < depth; j++) g = values[j] is null ? g.WhereNull(order[j]) : g.Where(order[j], values[j]);
                return g.Where(order[depth], beyond, values[depth]);
            });
        }
        if (values[0] is not null && table.FindColumn(order[0])!.IsNullable) group = group.OrWhereNull(order[0]);
        return group;
    }

    private static SqlQuery Apply(SqlQuery query, TableSchema table, ColumnFilter filter)
    {
        var column = table.FindColumn(filter.Column) ?? throw new FormatException($"The table has no column '{filter.Column}'.");
        if (!FilterOperators.IsKnown(filter.Operator)) throw new FormatException($"'{filter.Operator}' is not a filter operator.");
        var text = filter.Value ?? "";
        return filter.Operator switch
        {
            "null" => query.WhereNull(column.Name),
            "notnull" => query.WhereNotNull(column.Name),
            "contains" => query.WhereContains(column.Name, text),
            "starts" => query.WhereStartsWith(column.Name, text),
            var op => query.Where(column.Name, op, ValueParser.Parse(text, column.ClrType)),
        };
    }
}
