namespace Strata.Plugins;

/// <summary>An entity write seen by <see cref="IDatabasePlugin.OnWritingAsync"/> and <see cref="IDatabasePlugin.OnWrittenAsync"/>.</summary>
/// <remarks>One context per write, used by one thread.</remarks>
public sealed class EntityWriteContext
{
    internal EntityWriteContext(IDbSession session, string table, Type entityType, EntityWriteAction action, object? key,
        IReadOnlyDictionary<string, object?>? oldValues, IReadOnlyDictionary<string, object?>? newValues)
    {
        Session = session;
        Table = table;
        EntityType = entityType;
        Action = action;
        Key = key;
        OldValues = oldValues;
        NewValues = newValues;
    }

    /// <summary>The session of the write: its transaction, so what a plugin writes commits or rolls back with it.</summary>
    public IDbSession Session { get; }

    /// <summary>The entity's table.</summary>
    public string Table { get; }

    /// <summary>The entity type.</summary>
    public Type EntityType { get; }

    /// <summary>Insert, update or delete.</summary>
    public EntityWriteAction Action { get; }

    /// <summary>The entity's key (null before an insert that the database gives its key).</summary>
    public object? Key { get; internal set; }

    /// <summary>The row's column values before the write (updates and deletes; null for inserts).</summary>
    public IReadOnlyDictionary<string, object?>? OldValues { get; }

    /// <summary>The row's column values after the write (inserts and updates, once written; null for deletes).</summary>
    public IReadOnlyDictionary<string, object?>? NewValues { get; internal set; }

    /// <summary>The columns whose value differs between <see cref="OldValues"/> and <see cref="NewValues"/> (every new column for an insert).</summary>
    public IReadOnlyList<string> ChangedColumns => NewValues is null
        ? []
        : [.. NewValues.Where(n => OldValues is null || !OldValues.TryGetValue(n.Key, out var old) || !Equals(old, n.Value)).Select(n => n.Key)];
}
