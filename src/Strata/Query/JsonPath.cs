using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;

namespace Strata.Query;

/// <summary>
/// A path into a JSON document: property names and array indexes, such as <c>address.city</c>, <c>$.tags[0]</c> or
/// <c>lines[2].sku</c>. Each dialect writes it in its own syntax (<c>-&gt;'address'-&gt;&gt;'city'</c> on PostgreSQL,
/// <c>'$."address"."city"'</c> elsewhere), quoting every name, so a path never carries SQL text.
/// </summary>
/// <remarks>
/// Immutable. Property names are letters, digits and <c>_</c>, not starting with a digit; indexes are whole numbers from 0.
/// Parsed paths are cached by their text, so the same text gives the same instance (which the query shape cache relies on).
/// </remarks>
public sealed class JsonPath
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, JsonPath> Cache = new(StringComparer.Ordinal);

    private JsonPath(ImmutableArray<JsonPathSegment> segments, string text)
    {
        Segments = segments;
        Text = text;
    }

    /// <summary>The steps from the document's root, at least one.</summary>
    public ImmutableArray<JsonPathSegment> Segments { get; }

    /// <summary>The path in the <c>$.name[0]</c> form (names unquoted).</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="path"/>: names separated by dots and indexes in brackets, optionally after a leading <c>$</c> or <c>$.</c>.</summary>
    /// <param name="path">The path, e.g. <c>address.city</c>, <c>$.tags[0]</c>, <c>[1].name</c>.</param>
    /// <exception cref="ArgumentException">An empty path, or a step that is neither a name nor an index; the message says which.</exception>
    public static JsonPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Cache.TryGetValue(path, out var cached)) return cached;
        var parsed = ParseNew(path);
        // Past the bound new paths are still correct, only no longer shared.
        return Cache.Count < MaxCached ? Cache.GetOrAdd(path, parsed) : parsed;
    }

    /// <summary>A path of the given steps.</summary>
    /// <param name="segments">The steps, at least one; names are validated as <see cref="Parse"/> does.</param>
    /// <exception cref="ArgumentException">No steps, or an invalid name or index.</exception>
    public static JsonPath Of(IEnumerable<JsonPathSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var text = new StringBuilder("$");
        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                ValidateName(name, name);
                text.Append('.').Append(name);
            }
            else
            {
                if (segment.Index < 0) throw new ArgumentException($"A JSON path index must not be negative ({segment.Index}).", nameof(segments));
                text.Append('[').Append(segment.Index).Append(']');
            }
        }
        if (text.Length == 1) throw new ArgumentException("A JSON path needs at least one step: a property name or an array index.", nameof(segments));
        return Parse(text.ToString());
    }

    private static JsonPath ParseNew(string path)
    {
        var segments = ImmutableArray.CreateBuilder<JsonPathSegment>();
        var i = 0;
        if (path.StartsWith('$')) i = 1;
        var expectName = i == 0;
        if (path.Length > i && path[i] == '.') { i++; expectName = true; }
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    throw Invalid(path, "an index is a whole number from 0 in brackets, like [0]");
                segments.Add(new JsonPathSegment(null, index));
                i = close + 1;
                expectName = false;
            }
            else
            {
                if (!expectName) throw Invalid(path, "steps are separated by '.' (names) or written in brackets (indexes)");
                var end = i;
                while (end < path.Length && path[end] is not '.' and not '[') end++;
                var name = path[i..end];
                ValidateName(name, path);
                segments.Add(new JsonPathSegment(name, 0));
                i = end;
                expectName = false;
            }
            if (i < path.Length && path[i] == '.')
            {
                i++;
                expectName = true;
                if (i == path.Length) throw Invalid(path, "it ends with '.'");
            }
        }
        if (segments.Count == 0) throw Invalid(path, "it has no step; name a property (address.city) or an index ([0])");
        var built = segments.ToImmutable();
        var text = new StringBuilder("$");
        foreach (var segment in built)
        {
            if (segment.Name is { } n) text.Append('.').Append(n);
            else text.Append('[').Append(segment.Index).Append(']');
        }
        return new JsonPath(built, text.ToString());
    }

    private static void ValidateName(string name, string path)
    {
        if (name.Length == 0) throw Invalid(path, "a property name is empty");
        if (char.IsAsciiDigit(name[0])) throw Invalid(path, $"the property name '{name}' starts with a digit");
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
                throw Invalid(path, $"the property name '{name}' holds '{c}'; names are letters, digits and '_' (query other names with WhereRaw)");
        }
    }

    private static ArgumentException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid JSON path: {reason}.", nameof(path));

    /// <summary>The path in the <c>$.name[0]</c> form.</summary>
    public override string ToString() => Text;
}

/// <summary>One step of a <see cref="JsonPath"/>: a property name, or (when <see cref="Name"/> is null) an array index.</summary>
/// <param name="Name">The property name, or null for an index.</param>
/// <param name="Index">The array index (from 0) when <see cref="Name"/> is null.</param>
public readonly record struct JsonPathSegment(string? Name, int Index);
