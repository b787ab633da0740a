using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// Compiled single-row INSERT text by table, column list, RETURNING list and dialect, so a repository or a
/// <c>From(table).InsertAsync(row)</c> run again skips the compiler and only collects its values.
/// </summary>
/// <remarks>
/// A single-row insert uses nothing of its query but the table and the RETURNING list, and each value is one parameter
/// unless it is a <see cref="Sql"/> fragment (then the statement is compiled as usual). Bounded like
/// <see cref="QueryShapeCache"/>: a fixed table of slots, each holding the last shape that hashed to it, immutable entries
/// replaced whole, no lock. Names are hashed by reference (the same string objects come back for the same entity or
/// call site) and compared by value, so an equal name in another string object only costs a compile.
/// </remarks>
internal static class InsertTextCache
{
    private const int SlotCount = 512;
    private static readonly Entry?[] Slots = new Entry?[SlotCount];

    public static Sql Compile(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect)
    {
        if (values.Count == 0) return QueryCompiler.Default.CompileInsert(node, values, dialect);
        var hash = new HashCode();
        hash.Add(RuntimeHelpers.GetHashCode(dialect));
        hash.Add(RuntimeHelpers.GetHashCode(node.Table));
        foreach (var column in node.Returning) hash.Add(RuntimeHelpers.GetHashCode(column));
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Value is Sql) return QueryCompiler.Default.CompileInsert(node, values, dialect);
            hash.Add(RuntimeHelpers.GetHashCode(values[i].Key));
        }
        var code = hash.ToHashCode();
        ref var slot = ref Slots[code & (SlotCount - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Matches(code, dialect, node, values))
        {
            var collected = new object?[values.Count];
            for (var i = 0; i < collected.Length; i++) collected[i] = values[i].Value;
            return Sql.Rendered(dialect, new RenderedSql(entry.Text, collected));
        }
        var sql = QueryCompiler.Default.CompileInsert(node, values, dialect);
        var rendered = sql.Render(dialect);
        // Stored only when the compiler placed exactly these values, in this order, as plain parameters.
        if (PlacedInOrder(rendered.Values, values))
            Volatile.Write(ref slot, new Entry(code, dialect, node.Table, node.Returning, [.. values.Select(v => v.Key)], rendered.Text));
        return Sql.Rendered(dialect, rendered);
    }

    // A method of its own, so that no closure over the values is made on every call, hits included.
    private static bool PlacedInOrder(object?[] compiled, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        if (compiled.Length != values.Count) return false;
        for (var i = 0; i < compiled.Length; i++)
            if (!ReferenceEquals(compiled[i], values[i].Value)) return false;
        return true;
    }

    private sealed record Entry(int Hash, SqlDialect Dialect, string Table, ImmutableArray<string> Returning, string[] Columns, string Text)
    {
        public bool Matches(int hash, SqlDialect dialect, QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            if (Hash != hash || !ReferenceEquals(Dialect, dialect) || !Same(Table, node.Table) || Columns.Length != values.Count
                || Returning.Length != node.Returning.Length) return false;
            for (var i = 0; i < Returning.Length; i++)
                if (!Same(Returning[i], node.Returning[i])) return false;
            for (var i = 0; i < Columns.Length; i++)
                if (!Same(Columns[i], values[i].Key)) return false;
            return true;
        }

        private static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);
    }
}
