using Strata.Query;

namespace Strata.Caching;

/// <summary>The tables a built query reads: its table, joins, subqueries in conditions and in the select list, unions, common table expressions and derived tables.</summary>
/// <remarks>Raw conditions (<c>WhereRaw</c>), raw table expressions (<c>FromRaw</c>) and views are opaque: name what they read in <c>Cached(ttl, tables)</c>.</remarks>
internal static class TableReads
{
    public static IReadOnlyCollection<string> Of(QueryNode node)
    {
        var tables = new List<string>();
        Collect(node, tables);
        return tables;
    }

    private static void Collect(QueryNode node, List<string> tables)
    {
        if (node.FromSubquery is { } derived) Collect(derived.Query, tables);
        else if (node.FromRaw is null && !node.WithoutFrom && node.Rows.IsDefaultOrEmpty) Add(node.Table, tables);
        foreach (var item in node.Columns)
        {
            if (item is SelectSubquery scalar) Collect(scalar.Query, tables);
        }
        foreach (var join in node.Joins) Add(join.Table, tables);
        foreach (var clause in node.Where) Collect(clause.Condition, tables);
        foreach (var clause in node.Having) Collect(clause.Condition, tables);
        foreach (var cte in node.With) Collect(cte.Query, tables);
        foreach (var union in node.Unions) Collect(union.Query, tables);
    }

    private static void Collect(Condition condition, List<string> tables)
    {
        switch (condition)
        {
            case InSubqueryCondition inSubquery: Collect(inSubquery.Query, tables); break;
            case ExistsCondition exists: Collect(exists.Query, tables); break;
            case SubqueryComparisonCondition compared: Collect(compared.Query, tables); break;
            case GroupCondition group:
                foreach (var clause in group.Clauses) Collect(clause.Condition, tables);
                break;
            case NotCondition not: Collect(not.Operand, tables); break;
        }
    }

    private static void Add(string table, List<string> tables)
    {
        var name = TableNames.Normalize(table);
        if (name.Length > 0 && !tables.Contains(name)) tables.Add(name);
    }
}
