using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Mapping;

/// <summary>
/// Reads the values an insert writes from an entity: one compiled getter per mapped column of its
/// <see cref="EntityMap{T}"/>, and the rule that a key still holding its default (0, null, <see cref="Guid.Empty"/>)
/// is left out so that the database generates it. Shared by the typed insert and the bulk insert, so both
/// decide the same way. Built once per map; immutable and thread-safe.
/// </summary>
internal sealed class EntityValues<T>
{
    private readonly Func<T, object?>[] _getters;
    private readonly object? _keyDefault;
    private readonly Func<T, bool>? _keyIsUnset;
    private readonly Lazy<Action<T, Bulk.IBulkValueWriter>?> _typedWithKey;
    private readonly Lazy<Action<T, Bulk.IBulkValueWriter>?> _typedWithoutKey;

    public EntityValues(EntityMap<T> map)
    {
        Map = map;
        _getters = new Func<T, object?>[map.Columns.Count];
        for (var i = 0; i < _getters.Length; i++)
        {
            var column = map.Columns[i];
            var get = GeneratedMappers.EntityAccessor<T>()?.Getter(column.Member.Name) ?? Compile(column);
            // A [JsonColumn] member's value is marked as JSON, whatever its type, so every write path serializes it.
            _getters[i] = column.IsJson ? entity => Sql.Json(get(entity)) : get;
            if (column == map.Key) KeyIndex = i;
        }
        if (map.Key is { } key)
        {
            if (key.Type.IsValueType) _keyDefault = DefaultValues.Of(key.Type);
            _keyIsUnset = CompileKeyIsUnset(key);
        }
        var all = Enumerable.Range(0, map.Columns.Count).ToArray();
        _typedWithKey = new(() => Bulk.EntityRowWriter.For(map, all));
        _typedWithoutKey = new(() => Bulk.EntityRowWriter.For(map, [.. all.Where(i => i != KeyIndex)]));
    }

    /// <summary>
    /// The compiled writer of every column (or every column but the key, when <paramref name="skipKey"/>) into a typed bulk
    /// writer, or null when a column's type needs the boxed path; compiled once per map and column set.
    /// </summary>
    public Action<T, Bulk.IBulkValueWriter>? TypedWriter(bool skipKey) => (skipKey ? _typedWithoutKey : _typedWithKey).Value;

    public EntityMap<T> Map { get; }

    /// <summary>The position of the key in <see cref="EntityMap{T}.Columns"/>, or -1 when the type has no key.</summary>
    public int KeyIndex { get; } = -1;

    /// <summary>The value of the column at <paramref name="index"/> (of <see cref="EntityMap{T}.Columns"/>) in <paramref name="entity"/>.</summary>
    public object? Get(T entity, int index) => _getters[index](entity);

    /// <summary>The compiled getter of the column at <paramref name="index"/> (of <see cref="EntityMap{T}.Columns"/>).</summary>
    public Func<T, object?> Getter(int index) => _getters[index];

    /// <summary>True when <paramref name="entity"/> has a key and it holds its default, so an insert leaves it to the database.</summary>
    public bool KeyIsUnset(T entity)
    {
        if (KeyIndex < 0) return false;
        if (_keyIsUnset is not null) return _keyIsUnset(entity);
        var value = _getters[KeyIndex](entity);
        return value is null || value.Equals(_keyDefault);
    }

    /// <summary>The key-is-default test without boxing, for keys of the common types; null for others, which compare boxed.</summary>
    private static Func<T, bool>? CompileKeyIsUnset(EntityColumn key)
    {
        var type = key.Type;
        if (!(type.IsPrimitive || type == typeof(Guid) || type == typeof(decimal) || type == typeof(string))) return null;
        var entity = Expression.Parameter(typeof(T), "entity");
        var read = key.Read(entity);
        var unset = type == typeof(string) ? Expression.Equal(read, Expression.Constant(null, typeof(string))) : Expression.Equal(read, Expression.Default(type));
        return Expression.Lambda<Func<T, bool>>(unset, entity).Compile();
    }

    private static Func<T, object?> Compile(EntityColumn column)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(column.Read(entity), typeof(object)), entity).Compile();
    }
}
