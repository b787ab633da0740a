using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// Compiled SELECT, COUNT, EXISTS, single-row INSERT and UPDATE text by query shape and dialect, so a query built again with new
/// values (the usual case: one per request) skips the compiler and only collects its values.
/// </summary>
/// <remarks>
/// Bounded: a fixed table of slots, each holding the last shape that hashed to it; entries are immutable and
/// replaced whole, so lookups take no lock. A text is stored only after the compiler has placed exactly the
/// values the shape walk collected, in the same order, so a cached text never binds a value to the wrong placeholder.
/// </remarks>
internal static class QueryShapeCache
{
    private const int SlotCount = 1024;
    private static readonly Entry?[] Slots = new Entry?[SlotCount];

    public static RenderedSql Render(QueryNode node, SqlStatementKind kind, SqlDialect dialect)
    {
        var shape = QueryShape.Rent();
        if (!shape.TryWrite(node, (int)kind, dialect.InlinesPagingCounts)) return Compile(node, kind, dialect).Render(dialect);
        return Cached(shape, dialect, (node, kind), static (state, d) => Compile(state.node, state.kind, d));
    }

    /// <summary>The single-row INSERT into <paramref name="node"/>'s table of <paramref name="values"/>, its text from the cache when the shape was compiled before.</summary>
    public static RenderedSql RenderInsert(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect) =>
        RenderRow(node, values, SqlStatementKind.Insert, dialect);

    /// <summary>The UPDATE of <paramref name="node"/>'s rows with <paramref name="values"/>, its text from the cache when the shape was compiled before.</summary>
    public static RenderedSql RenderUpdate(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect) =>
        RenderRow(node, values, SqlStatementKind.Update, dialect);

    private static RenderedSql RenderRow(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlStatementKind kind, SqlDialect dialect)
    {
        var shape = QueryShape.Rent();
        if (!shape.TryWriteRow(node, values, (int)kind, dialect.InlinesPagingCounts)) return CompileRow(node, values, kind, dialect).Render(dialect);
        return Cached(shape, dialect, (node, values, kind), static (state, d) => CompileRow(state.node, state.values, state.kind, d));
    }

    private static Sql CompileRow(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlStatementKind kind, SqlDialect dialect) =>
        kind == SqlStatementKind.Insert ? QueryCompiler.Default.CompileInsert(node, values, dialect) : QueryCompiler.Default.CompileUpdate(node, values, dialect);

    private static RenderedSql Cached<TState>(QueryShape shape, SqlDialect dialect, TState state, Func<TState, SqlDialect, Sql> compile)
    {
        var hash = shape.Hash();
        ref var slot = ref Slots[(hash ^ System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(dialect)) & (SlotCount - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Hash == hash && ReferenceEquals(entry.Dialect, dialect) && shape.Matches(entry.Codes, entry.References))
            return new RenderedSql(entry.Text, shape.CopyValues(entry.Grouped));
        var rendered = compile(state, dialect).Render(dialect);
        if (shape.SameValues(rendered.Values, out var grouped))
        {
            var (codes, references) = shape.CopyTokens();
            Volatile.Write(ref slot, new Entry(hash, dialect, codes, references, rendered.Text, grouped));
        }
        return rendered;
    }

    private static Sql Compile(QueryNode node, SqlStatementKind kind, SqlDialect dialect) => kind switch
    {
        SqlStatementKind.Count => QueryCompiler.Default.CompileCount(node, dialect),
        SqlStatementKind.Exists => QueryCompiler.Default.CompileExists(node, dialect),
        _ => QueryCompiler.Default.CompileSelect(node, dialect),
    };

    /// <summary>A cached text; <paramref name="Grouped"/> marks the lists the dialect sends as one parameter (null for none).</summary>
    private sealed record Entry(int Hash, SqlDialect Dialect, int[] Codes, object?[] References, string Text, bool[]? Grouped);
}

/// <summary>Which statement a query is compiled into.</summary>
internal enum SqlStatementKind
{
    Select = 1,
    Count,
    Exists,
    Insert,
    Update,
}
