using System.Collections;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using Strata.Dialects;

namespace Strata;

/// <summary>
/// A SQL fragment and its parameters. Write it as an interpolated string: every hole becomes a
/// parameter in the dialect's style (<c>$"select * from users where id = {id}"</c>), a collection in
/// a hole inside <c>IN (…)</c> is its list of values (or one array where the dialect sends lists so), and elsewhere one array
/// parameter on databases with arrays (<c>VALUES ({tags})</c> on PostgreSQL) and an error on the others, a nested <see cref="Sql"/> is inlined with its
/// own parameters, <see cref="Identifier(string)"/> is quoted by the dialect, and
/// <see cref="Raw(string)"/> is the only way to add unparameterized text.
/// </summary>
/// <remarks>
/// Immutable once built and safe to share across threads. The <c>Append*</c> members exist for the
/// compiler's interpolated string support and must not be called directly.
/// </remarks>
[InterpolatedStringHandler]
public sealed partial class Sql
{
    // A fragment is either a flat list of parts (what the compiler's handler fills and what is rendered) or, when made by
    // '+', the two fragments it joins: the compiler builds statements by many concatenations, and copying every part at each
    // one made building a statement quadratic in its parts. The list is made once, on first use. A fragment of one part
    // (Raw, Identifier, Parameter) holds it inline until then.
    private List<SqlPart>? _flat;
    private readonly SqlPart _single;
    private readonly Sql? _left;
    private readonly Sql? _right;
    private readonly int _count;
    private readonly int _depth;

    // Past this many nested joins a concatenation copies its parts at once, which bounds the flattening's recursion (a
    // statement grown by `sql += fragment` in a loop) at a small cost: one copy every so many concatenations.
    private const int MaxDepth = 32;

    private static readonly List<SqlPart> NoParts = [];

    /// <summary>Called by the compiler for an interpolated string; do not call directly.</summary>
    /// <param name="literalLength">Total length of the literal text.</param>
    /// <param name="formattedCount">Number of holes.</param>
    public Sql(int literalLength, int formattedCount)
    {
        _ = literalLength;
        _flat = new List<SqlPart>(formattedCount * 2 + 1);
    }

    // What few statements carry (the shape cache's rendering, a cache directive), apart so that every fragment stays small.
    private readonly Extra? _extra;

    private SqlDialect? RenderedFor => _extra?.RenderedFor;

    private RenderedSql RenderedStatement => _extra!.Rendered;

    private sealed record Extra(SqlDialect? RenderedFor, RenderedSql Rendered, Caching.QueryCacheDirective? CacheDirective);

    private Sql(List<SqlPart> parts) => _flat = parts;

    private Sql(SqlPart part)
    {
        _single = part;
        _count = 1;
    }

    private Sql(Sql left, Sql right)
    {
        _left = left;
        _right = right;
        _count = left.PartCount + right.PartCount;
        _depth = Math.Max(left._depth, right._depth) + 1;
    }

    private Sql(SqlDialect dialect, RenderedSql rendered)
    {
        // Shared: only the compiler's handler adds parts, and it does so to a list of its own.
        _flat = NoParts;
        _extra = new Extra(dialect, rendered, null);
    }

    private Sql(Sql source, Caching.QueryCacheDirective? directive)
    {
        _flat = source.PartList;
        _extra = source._extra is null && directive is null ? null : new Extra(source.RenderedFor, source._extra?.Rendered ?? default, directive);
    }

    /// <summary>What <see cref="Cached"/> asked for, or null for a statement that is not cached.</summary>
    internal Caching.QueryCacheDirective? CacheDirective => _extra?.CacheDirective;

    /// <summary>
    /// A copy of this statement whose result is cached in the database's <see cref="DatabaseOptions.QueryCache"/> for
    /// <paramref name="ttl"/> when it is read with <c>QueryAsync</c>, <c>QueryFirstOrDefaultAsync</c>, <c>QuerySingleAsync</c>
    /// or <c>ScalarAsync</c>, keyed by its text and parameter values. Strata cannot tell which tables raw SQL reads: name
    /// them, and a committed write to any of them through Strata invalidates the result; with none, only the time to live
    /// ends it.
    /// </summary>
    /// <param name="ttl">How long the result may be kept: more than zero, at most a day.</param>
    /// <param name="tables">The tables the query reads (views: the tables under them).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or over a day.</exception>
    /// <exception cref="ArgumentException">A table name is not a valid identifier.</exception>
    /// <remarks>
    /// Running it on a database without a query cache throws <see cref="InvalidOperationException"/>. Inside a transaction
    /// that has written one of the tables (or anything, when none is named), the read bypasses the cache.
    /// </remarks>
    public Sql Cached(TimeSpan ttl, params string[] tables) => new(this, Caching.QueryCacheDirective.Create(ttl, tables));

    /// <summary>This statement with <paramref name="directive"/> (null: not cached).</summary>
    internal Sql WithCache(Caching.QueryCacheDirective? directive) => ReferenceEquals(directive, CacheDirective) ? this : new Sql(this, directive);

    /// <summary>
    /// A statement already rendered for <paramref name="dialect"/> (by the query shape cache), handed to a session
    /// as it is. It has no parts, so it must not be combined with other fragments.
    /// </summary>
    internal static Sql Rendered(SqlDialect dialect, RenderedSql rendered) => new(dialect, rendered);

    /// <summary>A fragment of the given parts (built by <see cref="PositionalSql"/> and the query compiler).</summary>
    internal static Sql FromParts(List<SqlPart> parts) => new(parts);

    /// <summary>A list of parameters, as a collection in a hole gives: <c>IN ({values})</c>.</summary>
    /// <remarks>The array is kept, not copied: the caller must never change it.</remarks>
    internal static Sql List(object?[] values) =>
        new(new SqlPart(SqlPartKind.ParameterList, null, values));

    /// <summary>An empty fragment.</summary>
    public static Sql Empty { get; } = new(new List<SqlPart>());

    internal IReadOnlyList<SqlPart> Parts => PartList;

    /// <summary>True when the fragment holds no text and no parameters.</summary>
    public bool IsEmpty => PartCount == 0 && RenderedFor is null;

    private int PartCount => _flat?.Count ?? _count;

    /// <summary>The parts in order. A joined fragment makes its list on first use; two threads there at once each make an equal one.</summary>
    private List<SqlPart> PartList
    {
        get
        {
            if (_flat is { } flat) return flat;
            var list = new List<SqlPart>(_count);
            AppendPartsTo(list);
            _flat = list;
            return list;
        }
    }

    /// <summary>Adds this fragment's parts, in order, to <paramref name="list"/>.</summary>
    internal void AppendPartsTo(List<SqlPart> list)
    {
        if (_flat is { } flat)
        {
            list.AddRange(flat);
            return;
        }
        if (_left is null)
        {
            list.Add(_single);
            return;
        }
        _left.AppendPartsTo(list);
        _right!.AppendPartsTo(list);
    }

    /// <summary>Called by the compiler for the literal text of an interpolated string.</summary>
    /// <param name="value">The literal text.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AppendLiteral(string value)
    {
        if (!string.IsNullOrEmpty(value)) _flat!.Add(new SqlPart(SqlPartKind.Text, value, null));
    }

    /// <summary>Called by the compiler for a hole: the value becomes a parameter (a collection a list inside <c>IN (…)</c>, one array elsewhere).</summary>
    /// <param name="value">The value of the hole.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Sql fragment:
                fragment.AppendPartsTo(_flat!);
                return;
            case string or byte[] or System.Text.Json.Nodes.JsonNode or null:
                _flat!.Add(new SqlPart(SqlPartKind.Parameter, null, value));
                return;
            case IEnumerable items:
                _flat!.Add(ListPart(items));
                return;
            default:
                _flat!.Add(new SqlPart(SqlPartKind.Parameter, null, value));
                return;
        }
    }

    /// <summary>
    /// The part of a collection in a hole: its values, for an <c>IN (…)</c> list, and the collection itself, which is the one array
    /// parameter it becomes elsewhere where the dialect has arrays (see <see cref="InListRendering"/>).
    /// </summary>
    internal static SqlPart ListPart(IEnumerable items)
    {
        var list = new List<object?>();
        foreach (var item in items) list.Add(item);
        return new SqlPart(SqlPartKind.ParameterList, null, list.ToArray()) { Source = items };
    }

    /// <summary>Format strings are refused: values are parameters, never text.</summary>
    /// <param name="value">The value of the hole.</param>
    /// <param name="format">The format string that was given.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The compiler calls it on the handler instance.")]
    public void AppendFormatted<T>(T value, string? format)
    {
        _ = value;
        throw new NotSupportedException(
            $"A format string (':{format}') in a SQL hole is not supported: values are sent as parameters, not text. " +
            "Format the value in SQL, or pass an already formatted string as the parameter.");
    }

    /// <summary>Unparameterized SQL text. The one door for text that is not a parameter: never pass user input.</summary>
    /// <param name="text">SQL text used as it is.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static Sql Raw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Sql(new SqlPart(SqlPartKind.Text, text, null));
    }

    /// <summary>
    /// An identifier (table, column, schema-qualified name with dots) quoted by the dialect.
    /// </summary>
    /// <param name="name">Letters, digits, <c>_</c> and <c>$</c>, in dot-separated parts, not starting with a digit.</param>
    /// <exception cref="ArgumentException">The name is empty or has a character outside that set.</exception>
    public static Sql Identifier(string name)
    {
        SqlIdentifier.Validate(name);
        return new Sql(new SqlPart(SqlPartKind.Identifier, name, null));
    }

    /// <summary>A single parameter holding <paramref name="value"/>.</summary>
    /// <param name="value">The parameter value.</param>
    public static Sql Parameter(object? value) =>
        new(new SqlPart(SqlPartKind.Parameter, null, value));

    /// <summary>Joins fragments with a separator fragment, e.g. <c>Sql.Join($" and ", conditions)</c>.</summary>
    /// <param name="separator">The fragment placed between two parts.</param>
    /// <param name="fragments">The parts.</param>
    public static Sql Join(Sql separator, IEnumerable<Sql> fragments)
    {
        ArgumentNullException.ThrowIfNull(separator);
        ArgumentNullException.ThrowIfNull(fragments);
        // Sized for fragments of one part each (a column, a parameter), the usual case, so the list is not grown step by step.
        var parts = new List<SqlPart>(fragments.TryGetNonEnumeratedCount(out var count) ? count * (1 + separator.PartCount) : 0);
        var first = true;
        foreach (var fragment in fragments)
        {
            if (!first) separator.AppendPartsTo(parts);
            fragment.AppendPartsTo(parts);
            first = false;
        }
        return new Sql(parts);
    }

    /// <summary>Concatenates two fragments into a new one.</summary>
    /// <param name="left">The first fragment.</param>
    /// <param name="right">The second fragment.</param>
    public static Sql operator +(Sql left, Sql right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (Math.Max(left._depth, right._depth) < MaxDepth) return new Sql(left, right);
        var parts = new List<SqlPart>(left.PartCount + right.PartCount);
        left.AppendPartsTo(parts);
        right.AppendPartsTo(parts);
        return new Sql(parts);
    }

    /// <summary>Concatenates two fragments into a new one.</summary>
    /// <param name="other">The fragment appended to this one.</param>
    public Sql Add(Sql other) => this + other;

    /// <summary>Renders the fragment for a dialect: the command text and the parameter values in order.</summary>
    /// <param name="dialect">The dialect that quotes identifiers and names parameters.</param>
    /// <remarks>
    /// The text depends only on the fragment's shape (its literal text, identifiers, where the
    /// parameters go and how long each list is), so it is cached per shape and dialect: a query
    /// run again allocates only its array of values.
    /// </remarks>
    public RenderedSql Render(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (RenderedFor is not null)
        {
            return ReferenceEquals(dialect, RenderedFor) ? RenderedStatement : throw new InvalidOperationException(
                $"This statement was compiled for {RenderedFor.Name} and cannot be rendered for {dialect.Name}.");
        }
        return new RenderedSql(SqlTextCache.GetOrRender(dialect, PartList), CollectValues(dialect));
    }

    /// <summary>The command text <see cref="Render"/> would give, without collecting the values (cached per shape the same way).</summary>
    internal string TextFor(SqlDialect dialect) => RenderedFor is not null ? Render(dialect).Text : SqlTextCache.GetOrRender(dialect, PartList);

    /// <summary>
    /// A copy with every parameter replaced by the SQL text <paramref name="literal"/> gives for its value (a list
    /// becomes the literals joined by commas). For DDL, which takes no parameters.
    /// </summary>
    internal Sql InlineParameters(Func<object?, string> literal)
    {
        if (RenderedFor is not null) throw new InvalidOperationException("A statement already rendered for a dialect cannot be inlined.");
        var parts = new List<SqlPart>(PartList.Count);
        foreach (var part in PartList)
        {
            parts.Add(part.Kind switch
            {
                SqlPartKind.Parameter => new SqlPart(SqlPartKind.Text, literal(part.Value), null),
                SqlPartKind.ParameterList => new SqlPart(SqlPartKind.Text,
                    ((object?[])part.Value!) is { Length: > 0 } items ? string.Join(", ", items.Select(literal)) : "NULL", null),
                _ => part,
            });
        }
        return new Sql(parts);
    }

    private object?[] CollectValues(SqlDialect dialect)
    {
        var pastLimit = InListRendering.PastLimit(dialect, PartList);
        var count = 0;
        for (var i = 0; i < PartList.Count; i++)
        {
            var part = PartList[i];
            if (part.Kind == SqlPartKind.Parameter) count++;
            else if (part.Kind == SqlPartKind.ParameterList)
                count += InListRendering.IsSingle(dialect, PartList, i, pastLimit, out _, out _, out _) || !InListRendering.IsInList(PartList, i) ? 1 : ((object?[])part.Value!).Length;
        }
        if (count == 0) return [];
        var values = new object?[count];
        var next = 0;
        for (var i = 0; i < PartList.Count; i++)
        {
            var part = PartList[i];
            if (part.Kind == SqlPartKind.Parameter)
            {
                values[next++] = part.Value;
            }
            else if (part.Kind == SqlPartKind.ParameterList)
            {
                var items = (object?[])part.Value!;
                if (InListRendering.IsSingle(dialect, PartList, i, pastLimit, out _, out _, out _))
                {
                    values[next++] = new InListValues(items);
                    continue;
                }
                if (!InListRendering.IsInList(PartList, i))
                {
                    // Outside IN (…): the collection itself, one array parameter (RenderText refused it where the dialect has no arrays).
                    values[next++] = part.Source ?? items;
                    continue;
                }
                items.CopyTo(values, next);
                next += items.Length;
            }
        }
        return values;
    }

    /// <summary>Builds the command text of <paramref name="parts"/> for <paramref name="dialect"/>.</summary>
    internal static string RenderText(SqlDialect dialect, List<SqlPart> parts)
    {
        var capacity = 0;
        foreach (var part in parts)
        {
            capacity += part.Kind switch
            {
                SqlPartKind.Text => part.Text!.Length,
                SqlPartKind.Identifier => part.Text!.Length + 2,
                SqlPartKind.Parameter => 4,
                _ => ((object?[])part.Value!).Length * 6 + 4,
            };
        }
        var text = new StringBuilder(capacity);
        var index = 0;
        var pastLimit = InListRendering.PastLimit(dialect, parts);
        var skip = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            switch (part.Kind)
            {
                case SqlPartKind.Text:
                    text.Append(part.Text, skip, part.Text!.Length - skip);
                    skip = 0;
                    break;
                case SqlPartKind.Identifier:
                    dialect.AppendQuotedIdentifier(text, part.Text!);
                    break;
                case SqlPartKind.Parameter:
                    dialect.AppendParameterPlaceholder(text, index++);
                    break;
                case SqlPartKind.ParameterList:
                    if (InListRendering.IsSingle(dialect, parts, p, pastLimit, out var opener, out var closer, out var negated))
                    {
                        // The dialect writes the whole [NOT] IN (…) in its own form, such as = ANY($1).
                        text.Length -= opener;
                        dialect.AppendInListParameter(text, index++, negated);
                        skip = closer;
                        break;
                    }
                    if (!InListRendering.IsInList(parts, p))
                    {
                        if (!dialect.SupportsArrays) throw ArrayValues.NoArrays(dialect, (part.Source ?? part.Value!).GetType());
                        dialect.AppendParameterPlaceholder(text, index++);
                        break;
                    }
                    var count = ((object?[])part.Value!).Length;
                    if (count == 0)
                    {
                        // IN () is a syntax error everywhere; IN (NULL) matches nothing, which is what an empty list means.
                        text.Append("NULL");
                        break;
                    }
                    for (var i = 0; i < count; i++)
                    {
                        if (i > 0) text.Append(", ");
                        dialect.AppendParameterPlaceholder(text, index++);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>The text with parameters shown as <c>@p0</c>, <c>@p1</c>…; values are never shown.</summary>
    public override string ToString()
    {
        if (RenderedFor is not null) return RenderedStatement.Text;
        var text = new StringBuilder();
        var index = 0;
        foreach (var part in PartList)
        {
            switch (part.Kind)
            {
                case SqlPartKind.Text: text.Append(part.Text); break;
                case SqlPartKind.Identifier: text.Append('"').Append(part.Text).Append('"'); break;
                case SqlPartKind.Parameter: text.Append("@p").Append(index++); break;
                case SqlPartKind.ParameterList:
                    var count = ((object?[])part.Value!).Length;
                    for (var i = 0; i < count; i++) text.Append(i > 0 ? ", @p" : "@p").Append(index++);
                    if (count == 0) text.Append("NULL");
                    break;
            }
        }
        return text.ToString();
    }
}

/// <summary>SQL text rendered for one dialect and its parameter values, in placeholder order.</summary>
/// <param name="Text">The command text.</param>
/// <param name="Values">
/// The parameter values; never logged unless parameter logging is switched on. An <c>IN</c> list the dialect sends as one
/// parameter (see <see cref="InListBinding"/>) is one value here, a read-only list of its values.
/// </param>
public readonly record struct RenderedSql(string Text, object?[] Values);

internal enum SqlPartKind : byte { Text, Identifier, Parameter, ParameterList }

internal readonly record struct SqlPart(SqlPartKind Kind, string? Text, object? Value)
{
    /// <summary>For a list made from a collection in a hole: that collection, sent as one array outside <c>IN (…)</c>.</summary>
    public object? Source { get; init; }
}
