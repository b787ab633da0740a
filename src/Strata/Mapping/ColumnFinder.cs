using System.Data.Common;

namespace Strata.Mapping;

/// <summary>
/// Which column of a result a member reads: its <c>[Column]</c> name when it has one; else the convention's name for it, its own
/// name, or a column that is its name with underscores between the words (<c>user_id</c> for <c>UserId</c>), whatever the
/// convention, so rows read the same under every convention, Strata's own catalog rows included. Names are compared ignoring
/// case, and the first of two columns with one name wins. Shared by the compiled and the source-generated row mappers.
/// </summary>
internal sealed class ColumnFinder
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _withoutUnderscores;
    private readonly NamingConvention _convention;

    public ColumnFinder(DbDataReader shape, NamingConvention convention)
    {
        _convention = convention;
        for (var i = shape.FieldCount - 1; i >= 0; i--) _columns[shape.GetName(i)] = i;
        _withoutUnderscores = WithoutUnderscores(_columns);
    }

    /// <summary>The column names, for messages.</summary>
    public IEnumerable<string> Names => _columns.Keys;

    /// <summary>The ordinal of the column for a member called <paramref name="name"/> whose <c>[Column]</c> name is <paramref name="explicitName"/>, or null.</summary>
    public int? Find(string? explicitName, string name)
    {
        if (explicitName is not null) return _columns.TryGetValue(explicitName, out var e) ? e : null;
        if (_columns.TryGetValue(_convention.Convert(name), out var c)) return c;
        if (_columns.TryGetValue(name, out var n)) return n;
        return _withoutUnderscores.TryGetValue(name.Replace("_", "", StringComparison.Ordinal), out var u) ? u : null;
    }

    /// <summary>The error for a constructor parameter no column matches.</summary>
    public MappingException NoColumnFor(string parameter, Type type) => new(
        $"No column matches constructor parameter '{parameter}' of {type.Name}. Columns: {string.Join(", ", _columns.Keys)}. Select a column named '{_convention.Convert(parameter)}' or add [Column] to the property.");

    /// <summary>
    /// The columns by their names without underscores (case-insensitive), leaving out any such name that two columns share,
    /// since it could not say which one a member means.
    /// </summary>
    private static Dictionary<string, int> WithoutUnderscores(Dictionary<string, int> columns)
    {
        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var shared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, ordinal) in columns)
        {
            if (!name.Contains('_', StringComparison.Ordinal)) continue;
            var key = name.Replace("_", "", StringComparison.Ordinal);
            if (!result.TryAdd(key, ordinal)) shared.Add(key);
        }
        foreach (var key in shared) result.Remove(key);
        return result;
    }
}
