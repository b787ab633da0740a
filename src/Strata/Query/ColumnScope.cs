using System.Collections.Concurrent;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Query;

/// <summary>
/// How the members of one lambda parameter name columns: through an entity map, and qualified with the table
/// once a typed query joins another (<c>"users"."id"</c> rather than an ambiguous <c>"id"</c>); and, for JSON members, the
/// database's JSON settings that name the properties of a path (<c>x.Meta.Address</c> → <c>$.address</c>).
/// </summary>
internal sealed class ColumnScope(Type entity, Func<MemberInfo, EntityColumn?> find, string? qualifier, JsonMapping? json = null)
{
    // Qualified names are kept so the same name is the same string object on every build: the query shape cache
    // compares names by reference.
    private static readonly ConcurrentDictionary<(string Table, string Column), string> QualifiedNames = new();

    /// <summary>The entity type whose members this scope resolves.</summary>
    public Type Entity { get; } = entity;

    /// <summary>The table columns are qualified with, or null when they stand alone.</summary>
    public string? Qualifier { get; } = qualifier;

    /// <summary>The column name for a member, or null when it is not mapped.</summary>
    public string? Resolve(MemberInfo member) =>
        find(member)?.Name is not { } name ? null : Qualifier is null ? name : Qualify(Qualifier, name);

    /// <summary>The JSON settings JSON paths are named with (the database's, or the defaults for a query without one).</summary>
    public JsonMapping Json { get; } = json ?? JsonMapping.Default;

    /// <summary>The mapped column of a member, or null.</summary>
    public EntityColumn? Find(MemberInfo member) => find(member);

    /// <summary>A copy qualifying names with <paramref name="table"/>.</summary>
    public ColumnScope QualifiedWith(string table) => new(Entity, find, table, Json);

    /// <summary><c>table.column</c>, the same string object each time for the same pair.</summary>
    public static string Qualify(string table, string column) =>
        QualifiedNames.GetOrAdd((table, column), static key => key.Table + "." + key.Column);
}
