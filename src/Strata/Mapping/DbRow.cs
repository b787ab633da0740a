using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Dynamic;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// A row read without a target type: a read-only dictionary of column name to value (names
/// compared ignoring case, NULL as null) that also works as <c>dynamic</c> (<c>row.email</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "A row is the natural name; it is a dictionary only as a view.")]
public sealed class DbRow : DynamicObject, IReadOnlyDictionary<string, object?>
{
    private readonly DbRowColumns _columns;
    private readonly object?[] _values;

    // DynamicObject's constructor is marked because binding a dynamic call site needs dynamic code. A row is a dictionary first:
    // building one needs nothing, and code that reads it through dynamic gets the warning at its own call site from the C# binder.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only dynamic member access on a row needs dynamic code, and the C# runtime binder warns at that call site.")]
    internal DbRow(DbRowColumns columns, object?[] values)
    {
        _columns = columns;
        _values = values;
    }

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <param name="key">The column name (any case).</param>
    /// <exception cref="KeyNotFoundException">The row has no such column.</exception>
    public object? this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The row has no column '{key}'. Columns: {string.Join(", ", _columns.Names)}.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _columns.Names;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values;

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _columns.IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = _columns.IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++) yield return new(_columns.Names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        ArgumentNullException.ThrowIfNull(binder);
        return TryGetValue(binder.Name, out result);
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetDynamicMemberNames() => _columns.Names;
}

/// <summary>The column names of one result shape, shared by all its rows.</summary>
internal sealed class DbRowColumns
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public DbRowColumns(string[] names)
    {
        Names = names;
        for (var i = names.Length - 1; i >= 0; i--) _index[names[i]] = i;
    }

    public string[] Names { get; }

    public int Count => Names.Length;

    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;
}
