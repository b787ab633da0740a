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

    public EntityValues(EntityMap<T> map)
    {
        Map = map;
        _getters = new Func<T, object?>[map.Columns.Count];
        for (var i = 0; i < _getters.Length; i++)
        {
            var column = map.Columns[i];
            var get = Compile(column.Member);
            // A [JsonColumn] member's value is marked as JSON, whatever its type, so every write path serializes it.
            _getters[i] = column.IsJson ? entity => Sql.Json(get(entity)) : get;
            if (column == map.Key) KeyIndex = i;
        }
        if (map.Key is { } key && key.Type.IsValueType) _keyDefault = Activator.CreateInstance(key.Type);
    }

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
        var value = _getters[KeyIndex](entity);
        return value is null || value.Equals(_keyDefault);
    }

    private static Func<T, object?> Compile(MemberInfo member)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        Expression read = member switch
        {
            PropertyInfo p => Expression.Property(entity, p),
            FieldInfo f => Expression.Field(entity, f),
            _ => throw new ArgumentException($"'{member.Name}' is neither a property nor a field.", nameof(member)),
        };
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(read, typeof(object)), entity).Compile();
    }
}
