using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Strata.Mapping;

/// <summary>
/// The table, key and columns of a mapped type <typeparamref name="T"/>, read from attributes or conventions:
/// the table from <c>[Table]</c> (with its schema) or the naming convention applied to the type name, without
/// pluralizing (<c>OrderLine</c> → <c>order_line</c>); the key from <c>[Key]</c>, a member named <c>Id</c> or <c>&lt;TypeName&gt;Id</c>;
/// one column per public instance property or field from <c>[Column]</c> or the convention; <c>[NotMapped]</c>
/// members, relationships (<see cref="IRelation"/>) and indexers left out.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>Get one with <see cref="EntityMap.For{T}(NamingConvention?)"/>: built once per (type, convention) and cached; immutable and thread-safe.</remarks>
public sealed class EntityMap<[DynamicallyAccessedMembers(MappedMembers.Types)] T>
{
    private readonly Dictionary<MemberInfo, EntityColumn> _byMember;
    private EntityValues<T>? _values;

    internal EntityMap(NamingConvention convention)
    {
        Convention = convention;
        var type = typeof(T);
        var table = type.GetCustomAttribute<TableAttribute>();
        Table = table is null ? convention.Convert(type.Name)
            : table.Schema is { Length: > 0 } schema ? $"{schema}.{table.Name}" : table.Name;
        var columns = new List<EntityColumn>();
        // Properties before fields, the order Type.GetMembers gives them in.
        foreach (var member in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Concat<MemberInfo>(type.GetFields(BindingFlags.Public | BindingFlags.Instance)))
        {
            Type memberType;
            switch (member)
            {
                case PropertyInfo p when p.CanRead && p.GetIndexParameters().Length == 0: memberType = p.PropertyType; break;
                case FieldInfo f: memberType = f.FieldType; break;
                default: continue;
            }
            if (member.IsDefined(typeof(NotMappedAttribute)) || typeof(IRelation).IsAssignableFrom(memberType)) continue;
            var name = member.GetCustomAttribute<ColumnAttribute>()?.Name ?? convention.Convert(member.Name);
            columns.Add(new EntityColumn(member, name, memberType) { IsJson = JsonMapping.IsMarked(member, type) });
        }
        Columns = columns;
        _byMember = columns.ToDictionary(c => c.Member);
        (Key, KeyProblem) = EntityKeyConvention.Find(type, columns);
    }

    /// <summary>The naming convention the columns were named with.</summary>
    public NamingConvention Convention { get; }

    /// <summary>The table name, schema-qualified when <c>[Table(Schema = …)]</c> says so.</summary>
    public string Table { get; }

    /// <summary>
    /// The key column: the member marked <c>[Key]</c>, else a member named <c>Id</c>, else one named <c>&lt;TypeName&gt;Id</c> (names
    /// matched ignoring case); null when there is none, or when the first of these rules finds several members.
    /// </summary>
    public EntityColumn? Key { get; }

    /// <summary>Why <see cref="Key"/> is null (no candidate, or several, named), or null when there is a key.</summary>
    internal string? KeyProblem { get; }

    /// <summary>The key column, for what cannot work without one (repositories, models).</summary>
    /// <exception cref="InvalidOperationException">No key, or several candidates; the message names them and the fix.</exception>
    internal EntityColumn RequireKey() => Key ?? throw new InvalidOperationException(KeyProblem);

    /// <summary>The mapped columns, in declaration order.</summary>
    public IReadOnlyList<EntityColumn> Columns { get; }

    /// <summary>The compiled getters inserts read the columns with, built on first use.</summary>
    internal EntityValues<T> Values => LazyInitializer.EnsureInitialized(ref _values, () => new EntityValues<T>(this));

    /// <summary><see cref="Find"/> as one delegate for the life of the map, so that each typed query does not make its own.</summary>
    internal Func<MemberInfo, EntityColumn?> Finder => _finder ??= Find;

    private Func<MemberInfo, EntityColumn?>? _finder;

    /// <summary>The column a member is stored in, or null when the member is not mapped.</summary>
    /// <param name="member">A property or field of <typeparamref name="T"/> (an inherited or interface member is matched by name).</param>
    public EntityColumn? Find(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (_byMember.TryGetValue(member, out var column)) return column;
        foreach (var candidate in Columns)
            if (candidate.Member.Name == member.Name) return candidate;
        return null;
    }
}

/// <summary>Finds the cached <see cref="EntityMap{T}"/> of a type.</summary>
public static class EntityMap
{
    /// <summary>The map of <typeparamref name="T"/> under <paramref name="convention"/>, built on first use and cached.</summary>
    /// <param name="convention">The naming convention; null for <see cref="NamingConvention.SnakeCase"/>.</param>
    public static EntityMap<T> For<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(NamingConvention? convention = null) => Cache<T>.Maps.GetOrAdd(convention ?? NamingConvention.SnakeCase, static c => new EntityMap<T>(c));

    private static class Cache<[DynamicallyAccessedMembers(MappedMembers.Types)] T>
    {
        public static readonly ConcurrentDictionary<NamingConvention, EntityMap<T>> Maps = new();
    }
}
