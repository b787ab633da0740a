namespace Strata.Query;

/// <summary>Refuses a write built from a query with clauses the statement cannot use, instead of ignoring them.</summary>
internal static class WriteClauses
{
    /// <param name="query">The write's query.</param>
    /// <param name="statement">The statement, for the message.</param>
    /// <param name="allowWhere">True for UPDATE and DELETE, which take conditions, inner joins, an alias and WITH.</param>
    public static void Refuse(QueryNode query, string statement, bool allowWhere)
    {
        var refused = new List<string>();
        if (!query.Columns.IsEmpty) refused.Add("Select");
        if (query.IsDistinct) refused.Add("Distinct");
        if (!allowWhere && !query.Joins.IsEmpty) refused.Add("Join");
        if (!allowWhere && !query.Where.IsEmpty) refused.Add("Where");
        if (!allowWhere && query.AllRows) refused.Add("All");
        if (!query.GroupBy.IsEmpty) refused.Add("GroupBy");
        if (!query.Having.IsEmpty) refused.Add("Having");
        if (!query.OrderBy.IsEmpty) refused.Add("OrderBy");
        if (query.Limit is not null) refused.Add("Limit");
        if (query.Offset is not null) refused.Add("Offset");
        if (query.ForUpdate) refused.Add("ForUpdate");
        if (!allowWhere && !query.With.IsEmpty) refused.Add("With");
        if (!query.Unions.IsEmpty) refused.Add("Union");
        if (query.FromSubquery is not null) refused.Add("AsSubquery");
        if (query.FromRaw is not null) refused.Add("FromRaw");
        if (query.WithoutFrom || !query.Rows.IsDefaultOrEmpty) refused.Add("no table");
        if (!allowWhere && query.Alias is not null) refused.Add($"an alias ('{query.Alias}')");
        if (refused.Count > 0)
            throw new InvalidOperationException(
                $"The query on '{query.Table}' has {string.Join(", ", refused)}, which {statement} cannot use. Start the write from a query with only " +
                (allowWhere ? "its table and Where conditions." : "its table: db.From(table)."));
    }
}
