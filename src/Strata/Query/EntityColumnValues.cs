namespace Strata.Query;

/// <summary>
/// One row's column values read from an entity by its map: the names are the map's own, checked once when the map was built
/// and distinct, so <see cref="ColumnValues.From"/> takes the list as it is instead of copying and checking it on every write.
/// </summary>
internal sealed class EntityColumnValues(int capacity) : List<KeyValuePair<string, object?>>(capacity)
{
    /// <summary>True when the row sets <paramref name="column"/> (compared as the database compares names, ignoring case).</summary>
    public bool Sets(string column) => IndexOf(column) >= 0;

    /// <summary>Sets <paramref name="column"/> to <paramref name="value"/>, replacing its value or adding it.</summary>
    public void Set(string column, object? value)
    {
        var at = IndexOf(column);
        if (at < 0) Add(new(column, value));
        else this[at] = new(this[at].Key, value);
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < Count; i++)
            if (string.Equals(this[i].Key, column, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
