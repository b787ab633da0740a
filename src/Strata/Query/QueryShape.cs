using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Strata.Query;

/// <summary>
/// The shape of a query AST with its values taken out: a token list (node kinds, operators, counts and
/// the identifier strings by reference) and, beside it, the parameter values in the order the compiler
/// places them. Two queries with equal shapes compile to the same text for a dialect, so the text can be
/// cached by shape (see <see cref="QueryShapeCache"/>).
/// </summary>
/// <remarks>
/// One instance per thread is reused, so writing a shape allocates nothing once warm. Identifier and
/// literal strings are compared by reference, as <see cref="SqlTextCache"/> does: names written in code
/// are interned and always match; names built at run time miss and are compiled, never mistaken.
/// </remarks>
internal sealed class QueryShape
{
    private const int MaxTokens = 256;

    [ThreadStatic] private static QueryShape? t_current;

    private int[] _codes = new int[32];
    private object?[] _references = new object?[32];
    private object?[] _values = new object?[8];
    private int[] _listStarts = new int[4];
    private int[] _listLengths = new int[4];
    private int _listCount;
    private bool _inlineCounts;

    public int TokenCount { get; private set; }

    public int ValueCount { get; private set; }

    /// <summary>This thread's shape, emptied.</summary>
    public static QueryShape Rent()
    {
        var shape = t_current ??= new QueryShape();
        shape.Clear();
        return shape;
    }

    /// <summary>Writes the shape of <paramref name="node"/> compiled as <paramref name="statement"/>; false when it is too large to cache.</summary>
    /// <param name="node">The query.</param>
    /// <param name="statement">The statement kind.</param>
    /// <param name="inlineCounts">The dialect writes LIMIT and OFFSET counts into the text, so they belong to the shape, not its values.</param>
    public bool TryWrite(QueryNode node, int statement, bool inlineCounts)
    {
        _inlineCounts = inlineCounts;
        Add(statement);
        return Node(node) && TokenCount <= MaxTokens;
    }

    /// <summary>
    /// Writes the shape of a single-row INSERT or an UPDATE (<paramref name="statement"/>) of <paramref name="node"/> with
    /// <paramref name="values"/>: the column list (a value written as SQL by its parts), what the query returns, then the query as
    /// for a SELECT. False when it is too large to cache.
    /// </summary>
    /// <remarks>
    /// The values come first, as the compiler places them for an INSERT, and for an UPDATE without WITH and joins; otherwise the
    /// compiled order differs and <see cref="SameValues"/> keeps the text out of the cache.
    /// </remarks>
    public bool TryWriteRow(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, int statement, bool inlineCounts)
    {
        _inlineCounts = inlineCounts;
        Add(statement);
        Add(node.AllRows ? 1 : 0);
        Add(node.Returning.Length);
        foreach (var column in node.Returning) Add(23, column);
        Add(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var (column, value) = values[i];
            if (value is Sql fragment)
            {
                Add(24, column);
                Fragment(fragment);
            }
            else
            {
                Add(25, column);
                Value(value);
            }
        }
        return Node(node) && TokenCount <= MaxTokens;
    }

    public int Hash()
    {
        var hash = new HashCode();
        for (var i = 0; i < TokenCount; i++)
        {
            hash.Add(_codes[i]);
            hash.Add(_references[i] is { } reference ? RuntimeHelpers.GetHashCode(reference) : 0);
        }
        return hash.ToHashCode();
    }

    public bool Matches(int[] codes, object?[] references)
    {
        if (codes.Length != TokenCount) return false;
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] != _codes[i] || !ReferenceEquals(references[i], _references[i])) return false;
        }
        return true;
    }

    public (int[] Codes, object?[] References) CopyTokens() => (_codes[..TokenCount], _references[..TokenCount]);

    /// <summary>The values in the order the compiler places them; with <paramref name="grouped"/>, each marked list as one <see cref="InListValues"/>.</summary>
    public object?[] CopyValues(bool[]? grouped = null)
    {
        if (ValueCount == 0) return [];
        if (grouped is null) return _values[..ValueCount];
        var size = ValueCount;
        for (var l = 0; l < _listCount; l++)
        {
            if (grouped[l]) size -= _listLengths[l] - 1;
        }
        var values = new object?[size];
        int v = 0, next = 0, list = 0;
        while (v < ValueCount)
        {
            if (list < _listCount && _listStarts[list] == v && grouped[list++])
            {
                var length = _listLengths[list - 1];
                values[next++] = new InListValues(_values[v..(v + length)]);
                v += length;
                continue;
            }
            values[next++] = _values[v++];
        }
        return values;
    }

    /// <summary>
    /// True when the compiler placed exactly these values, in this order: the check that keeps a cached text honest. A list the
    /// dialect sent as one parameter (an <see cref="InListValues"/>) matches the list's values; <paramref name="grouped"/> says
    /// which lists were (null when none), for <see cref="CopyValues"/>.
    /// </summary>
    public bool SameValues(object?[] compiled, out bool[]? grouped)
    {
        grouped = null;
        int c = 0, v = 0, list = 0;
        while (v < ValueCount)
        {
            if (list < _listCount && _listStarts[list] == v)
            {
                var length = _listLengths[list];
                if (c < compiled.Length && compiled[c] is InListValues single)
                {
                    if (single.Count != length) return false;
                    for (var k = 0; k < length; k++)
                    {
                        if (!Same(single.Items[k], _values[v + k])) return false;
                    }
                    (grouped ??= new bool[_listCount])[list] = true;
                    list++;
                    c++;
                    v += length;
                    continue;
                }
                list++;
            }
            if (c >= compiled.Length || !Same(compiled[c], _values[v])) return false;
            c++;
            v++;
        }
        return c == compiled.Length;
    }

    private static bool Same(object? compiled, object? value) => ReferenceEquals(compiled, value) || Equals(compiled, value);

    private void Clear()
    {
        Array.Clear(_references, 0, TokenCount);
        Array.Clear(_values, 0, ValueCount);
        TokenCount = 0;
        ValueCount = 0;
        _listCount = 0;
    }

    // The walk follows the order in which QueryCompiler.CompileSelect places text and parameters.
    private bool Node(QueryNode node)
    {
        // VALUES lists (rows are data) and per-dialect parts (code run at compile) are compiled each time.
        if (!node.Rows.IsDefaultOrEmpty || !node.DialectParts.IsDefaultOrEmpty) return false;
        Add(Flags(node.IsDistinct, node.ForUpdate), node.Table);
        Add(14, node.Alias);
        Add(node.WithoutFrom ? 20 : node.FromRaw is null ? 21 : 22);
        Add((int)node.LockWait);
        if (!Ctes(node.With)) return false;
        Add(node.Columns.Length);
        foreach (var item in node.Columns)
        {
            switch (item)
            {
                case SelectColumn c:
                    Add(1, c.Column);
                    Add(2, c.Alias);
                    break;
                case SelectExpression e:
                    Fragment(e.Expression);
                    Add(3, e.Alias);
                    break;
                case SelectAggregate a:
                    if (!Aggregate(a.Aggregate)) return false;
                    Add(2, a.Alias);
                    break;
                case SelectSubquery q:
                    Add(19, q.Alias);
                    if (!Node(q.Query)) return false;
                    break;
                case SelectWindow w:
                    Add(700 + (int)w.Window.Function, w.Window.Column);
                    Add(w.Window.Offset);
                    if (w.Window.Aggregate is { } aggregate && !Aggregate(aggregate)) return false;
                    Add(w.Window.Partition.Length);
                    foreach (var column in w.Window.Partition) Add(5, column);
                    Add(w.Window.Order.Length);
                    foreach (var order in w.Window.Order) Add((int)order.Direction, order.Column);
                    Add(2, w.Alias);
                    break;
                case SelectJsonPath j:
                    Add(16, j.Column);
                    Add(17, j.Path);
                    Add(2, j.Alias);
                    break;
                default:
                    return false;
            }
        }
        if (node.FromRaw is { } raw) Fragment(raw);
        if (node.FromSubquery is { } derived)
        {
            Add(4, derived.Alias);
            if (!Node(derived.Query)) return false;
        }
        Add(node.Joins.Length);
        foreach (var join in node.Joins) Join(join);
        if (!Clauses(node.Where)) return false;
        Add(node.GroupBy.Length);
        foreach (var column in node.GroupBy) Add(5, column);
        if (!Clauses(node.Having)) return false;
        Add(node.Unions.Length);
        foreach (var union in node.Unions)
        {
            Add((union.All ? 7 : 6) + ((int)union.Operator << 4));
            if (!Node(union.Query)) return false;
        }
        Add(node.OrderBy.Length);
        foreach (var order in node.OrderBy) Add(((int)order.Direction << 4) | (int)order.Nulls, order.Column);
        // A limit the compiler writes into the text whatever the dialect (QueryCompiler.WritesLimit) goes into the flags'
        // token, so that it and a bound limit never make the same shape.
        var written = !_inlineCounts && node.Limit is { } small && QueryCompiler.WritesLimit(small) ? small + 1 : 0;
        Add(Flags(node.Limit is not null, node.Offset is not null) | (written << 2));
        if (node.Limit is { } limit && written == 0) Count(limit);
        if (node.Offset is { } offset) Count(offset);
        return true;
    }

    private bool Ctes(ImmutableArray<CommonTableExpression> ctes)
    {
        Add(ctes.IsDefault ? 0 : ctes.Length);
        if (ctes.IsDefaultOrEmpty) return true;
        foreach (var cte in ctes)
        {
            Add(cte.Recursive ? 9 : 8, cte.Name);
            Add(cte.Columns.IsDefault ? 0 : cte.Columns.Length);
            if (!cte.Columns.IsDefault)
            {
                foreach (var column in cte.Columns) Add(10, column);
            }
            if (!Node(cte.Query)) return false;
        }
        return true;
    }

    private void Join(JoinClause join)
    {
        Add(((int)join.Kind << 8) | (int)join.Operator, join.Table);
        Add(15, join.Alias);
        Add(11, join.LeftColumn);
        Add(12, join.RightColumn);
        Add(join.More.Length);
        foreach (var more in join.More)
        {
            Add((int)more.Operator, more.LeftColumn);
            Add(13, more.RightColumn);
        }
    }

    private bool Clauses(ImmutableArray<ConditionClause> clauses)
    {
        Add(clauses.Length);
        foreach (var clause in clauses)
        {
            Add((int)clause.Connector);
            if (!Condition(clause.Condition)) return false;
        }
        return true;
    }

    private bool Condition(Condition condition)
    {
        switch (condition)
        {
            case ComparisonCondition c:
                // A JSON value compiles to the dialect's document comparison, another text than a plain one.
                Add((Mapping.JsonMapping.IsDocumentValue(c.Value) ? 150 : 100) + (int)c.Operator, c.Column);
                Add(c.Escape ?? 0);
                Value(c.Value);
                return true;
            case JsonPathCondition j:
                Add((j.Value is null ? 400 : 420) + (int)j.Operator, j.Column);
                Add((int)j.Type, j.Path);
                if (j.Value is not null) Value(j.Value);
                return true;
            case ArrayCondition a:
                Add(440 + (int)a.Operator, a.Column);
                Value(a.Value);
                return true;
            case NullCondition n:
                Add(n.Negated ? 201 : 200, n.Column);
                return true;
            case InCondition i:
                Add(i.Negated ? 211 : 210, i.Column);
                Add(i.Values.IsDefault ? 0 : i.Values.Length);
                if (!i.Values.IsDefault)
                {
                    List(i.Values.Length);
                    foreach (var value in i.Values) Value(value);
                }
                return true;
            case BetweenCondition b:
                Add(220, b.Column);
                Value(b.Low);
                Value(b.High);
                return true;
            case GroupCondition g:
                Add(230);
                return Clauses(g.Clauses);
            case NotCondition n:
                Add(240);
                return Condition(n.Operand);
            case RawCondition r:
                Add(250);
                Fragment(r.Sql);
                return true;
            case InSubqueryCondition s:
                Add(s.Negated ? 261 : 260, s.Column);
                return Node(s.Query);
            case ExistsCondition e:
                Add(e.Negated ? 271 : 270);
                return Node(e.Query);
            case ColumnComparisonCondition c:
                Add(560 + (int)c.Operator, c.Left);
                Add(18, c.Right);
                return true;
            case SubqueryComparisonCondition s:
                Add(580 + (int)s.Operator, s.Column);
                return Node(s.Query);
            case DatePartCondition d:
                Add(600 + ((int)d.Part << 4) + (int)d.Operator, d.Column);
                Value(d.Value);
                return true;
            case AggregateCondition a:
                if (!Aggregate(a.Aggregate)) return false;
                Add(a.Value is null ? 540 + (int)a.Operator : 520 + (int)a.Operator);
                if (a.Value is not null) Value(a.Value);
                return true;
            case ILikeCondition l:
                Add(l.Negated ? 281 : 280, l.Column);
                Add(l.Escape ?? 0);
                Value(l.Pattern);
                return true;
            default:
                return false;
        }
    }

    private bool Aggregate(AggregateExpression aggregate)
    {
        Add(500 + ((int)aggregate.Function << 1) + (aggregate.Distinct ? 1 : 0), aggregate.Column);
        return Clauses(aggregate.Filter);
    }

    private void Fragment(Sql sql)
    {
        var parts = sql.Parts;
        Add(parts.Count);
        foreach (var part in parts)
        {
            switch (part.Kind)
            {
                case SqlPartKind.Parameter:
                    Add(300);
                    Value(part.Value);
                    break;
                case SqlPartKind.ParameterList:
                    var items = (object?[])part.Value!;
                    Add(301 + (items.Length << 4));
                    List(items.Length);
                    foreach (var item in items) Value(item);
                    break;
                default:
                    Add(302 + (int)part.Kind, part.Text);
                    break;
            }
        }
    }

    private static int Flags(bool first, bool second) => (first ? 1 : 0) | (second ? 2 : 0);

    private void Count(int count)
    {
        if (_inlineCounts) Add(count);
        else Value(count);
    }

    private void Add(int code, object? reference = null)
    {
        if (TokenCount == _codes.Length)
        {
            Array.Resize(ref _codes, TokenCount * 2);
            Array.Resize(ref _references, TokenCount * 2);
        }
        _codes[TokenCount] = code;
        _references[TokenCount] = reference;
        TokenCount++;
    }

    /// <summary>Marks the next <paramref name="length"/> values as one list, which a dialect may send as one parameter.</summary>
    private void List(int length)
    {
        if (length == 0) return;
        if (_listCount == _listStarts.Length)
        {
            Array.Resize(ref _listStarts, _listCount * 2);
            Array.Resize(ref _listLengths, _listCount * 2);
        }
        _listStarts[_listCount] = ValueCount;
        _listLengths[_listCount++] = length;
    }

    private void Value(object? value)
    {
        if (ValueCount == _values.Length) Array.Resize(ref _values, ValueCount * 2);
        _values[ValueCount++] = value;
    }
}
