using Strata.Schema.Introspection;

namespace Strata.Schema;

/// <summary>Orders tables so that a table referring to another by foreign key comes before it (children first).</summary>
internal static class TableOrder
{
    /// <summary>
    /// The tables, children first: emptying or dropping them in this order never leaves a row pointing at a deleted one. Self
    /// references are ignored; tables in a cycle keep their order (the cleaners defer or switch off the checks for them).
    /// </summary>
    public static IReadOnlyList<TableSchema> ChildrenFirst(IReadOnlyList<TableSchema> tables)
    {
        var remaining = tables.ToList();
        var result = new List<TableSchema>(tables.Count);
        while (remaining.Count > 0)
        {
            // A table can go once no remaining table (other than itself) refers to it.
            var next = remaining.FirstOrDefault(t => !remaining.Any(other => other != t && References(other, t))) ?? remaining[0];
            result.Add(next);
            remaining.Remove(next);
        }
        return result;
    }

    /// <summary>True when <paramref name="child"/> has a foreign key to <paramref name="parent"/>.</summary>
    public static bool References(TableSchema child, TableSchema parent) =>
        child.ForeignKeys.Any(fk => SameName(fk.ReferencedTable, parent));

    /// <summary>True when <paramref name="name"/> (optionally qualified) names <paramref name="table"/>.</summary>
    public static bool SameName(string name, TableSchema table)
    {
        var dot = name.LastIndexOf('.');
        if (dot < 0) return string.Equals(name, table.Name, StringComparison.OrdinalIgnoreCase);
        return string.Equals(name[(dot + 1)..], table.Name, StringComparison.OrdinalIgnoreCase)
            && (table.Schema is null || string.Equals(name[..dot], table.Schema, StringComparison.OrdinalIgnoreCase));
    }
}
