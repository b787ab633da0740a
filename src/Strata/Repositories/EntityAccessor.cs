using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>Compiled reads of an entity's mapped members, so repositories turn entities into column values without reflection per call.</summary>
internal sealed class EntityAccessor<[DynamicallyAccessedMembers(MappedMembers.Types)] T>
{
    private static readonly ConcurrentDictionary<EntityMap<T>, EntityAccessor<T>> Cache = new();

    private EntityAccessor(EntityMap<T> map)
    {
        Map = map;
        // The getters are the map's own (shared with inserts and bulk inserts); only setters are compiled here.
        Columns = [.. map.Columns.Select((c, i) => (c, map.Values.Getter(i)))];
        _setters = [.. map.Columns.Select(c => Setter(c.Member)).Where(s => s is not null).Select(s => s!)];
        Key = map.Key;
        if (Key is not null) GetKey = Columns.First(c => c.Column == Key).Get;
        Version = map.Columns.FirstOrDefault(c => c.Member.IsDefined(typeof(ConcurrencyCheckAttribute)));
        if (Version is not null) GetVersion = Columns.First(c => c.Column == Version).Get;
        IncrementsVersion = Version is not null && (Underlying(Version.Type) == typeof(int) || Underlying(Version.Type) == typeof(long));
        _nameProblem = NameProblem(map);
        foreach (var column in map.Columns)
        {
            switch (column.Member.GetCustomAttribute<DatabaseGeneratedAttribute>()?.DatabaseGeneratedOption)
            {
                case DatabaseGeneratedOption.Identity: _defaultedOnInsert.Add(column); break;
                case DatabaseGeneratedOption.Computed: _computed.Add(column); break;
            }
        }
    }

    private readonly Action<T, T>[] _setters;
    private readonly string? _nameProblem;
    private readonly HashSet<EntityColumn> _defaultedOnInsert = [];
    private readonly HashSet<EntityColumn> _computed = [];

    public static EntityAccessor<T> For(EntityMap<T> map) => Cache.GetOrAdd(map, static m => new EntityAccessor<T>(m));

    public EntityMap<T> Map { get; }

    public (EntityColumn Column, Func<T, object?> Get)[] Columns { get; }

    public EntityColumn? Key { get; }

    public Func<T, object?>? GetKey { get; }

    /// <summary>The <c>[ConcurrencyCheck]</c> member, or null.</summary>
    public EntityColumn? Version { get; }

    public Func<T, object?>? GetVersion { get; }

    /// <summary>True when the version is a number the repository increments on every update.</summary>
    public bool IncrementsVersion { get; }

    /// <summary>
    /// The entity's column values to write. Left out: the key when it holds its default (the database generates it) or when
    /// not asked for; <c>[DatabaseGenerated(Computed)]</c> members always; and for an insert, <c>[DatabaseGenerated(Identity)]</c>
    /// members holding their default, so the column's database default applies.
    /// </summary>
    /// <exception cref="ArgumentException">A member's column name is not a valid column name, or two members share one.</exception>
    public EntityColumnValues Values(T entity, bool withKey, bool insert = false)
    {
        if (_nameProblem is not null) throw new ArgumentException(_nameProblem, nameof(entity));
        // Two more slots for the values plugins add (timestamps), so the list is not grown then.
        var values = new EntityColumnValues(Columns.Length + 2);
        foreach (var (column, get) in Columns)
        {
            if (_computed.Contains(column)) continue;
            var value = get(entity);
            if (column == Key && (!withKey || IsDefault(value, column.Type))) continue;
            if (insert && _defaultedOnInsert.Contains(column) && IsDefault(value, column.Type)) continue;
            values.Add(new(column.Name, value));
        }
        return values;
    }

    /// <summary>Every mapped column's value, computed ones included (what plugins see as a row's values).</summary>
    public Dictionary<string, object?> AllValues(T entity)
    {
        var values = new Dictionary<string, object?>(Columns.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var (column, get) in Columns) values[column.Name] = get(entity);
        return values;
    }

    /// <summary>Copies every settable mapped member from <paramref name="from"/> onto <paramref name="to"/> (a model taking what the database stored).</summary>
    public void Copy(T from, T to)
    {
        foreach (var set in _setters) set(from, to);
    }

    public static bool IsDefault(object? value, Type type) =>
        value is null || (type.IsValueType && value.Equals(DefaultValues.Of(type)));

    /// <summary>
    /// Why the map's column names cannot be written (an invalid name, or two members in one column), or null. Checked once here,
    /// so that <see cref="Values"/> hands over names that need no check per write.
    /// </summary>
    private static string? NameProblem(EntityMap<T> map)
    {
        var seen = new Dictionary<string, EntityColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in map.Columns)
        {
            try
            {
                SqlQuery.ColumnName(column.Name, "entity");
            }
            catch (ArgumentException e)
            {
                return $"{typeof(T).Name}.{column.Member.Name} maps to an invalid column name: {e.Message}";
            }
            if (!seen.TryAdd(column.Name, column))
                return $"{typeof(T).Name}.{seen[column.Name].Member.Name} and {typeof(T).Name}.{column.Member.Name} both map to the column '{column.Name}': " +
                    "give one of them another name with [Column(\"…\")] or leave it out with [NotMapped].";
        }
        return null;
    }

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Action<T, T>? Setter(MemberInfo member)
    {
        if (member is PropertyInfo { CanWrite: false } || member is FieldInfo { IsInitOnly: true }) return null;
        if (GeneratedMappers.EntityAccessor<T>()?.Copier(member.Name) is { } copy) return copy;
        var from = Expression.Parameter(typeof(T), "from");
        var to = Expression.Parameter(typeof(T), "to");
        Expression Access(ParameterExpression p) => member is PropertyInfo property ? Expression.Property(p, property) : Expression.Field(p, (FieldInfo)member);
        return Expression.Lambda<Action<T, T>>(Expression.Assign(Access(to), Access(from)), from, to).Compile();
    }
}
