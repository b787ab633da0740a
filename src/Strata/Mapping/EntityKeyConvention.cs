using System.ComponentModel.DataAnnotations;

namespace Strata.Mapping;

/// <summary>
/// Finds the key of a mapped type, in order: the member marked <c>[Key]</c>; else a member named <c>Id</c>; else one named
/// <c>&lt;TypeName&gt;Id</c> (<c>UserId</c> on <c>User</c>, the EF Core convention). Names are matched ignoring case, as EF Core does.
/// The first rule that finds members decides: one member is the key, several are an error.
/// </summary>
internal static class EntityKeyConvention
{
    /// <summary>The key column, or null with the reason there is none (no candidate, or several).</summary>
    public static (EntityColumn? Key, string? Problem) Find(Type type, IReadOnlyList<EntityColumn> columns)
    {
        var marked = columns.Where(c => c.Member.IsDefined(typeof(KeyAttribute), inherit: true)).ToList();
        if (marked.Count > 0)
            return Decide(type, marked, "are marked [Key]", "Strata maps a single key: keep [Key] on one member (a composite key needs raw SQL or a query on its columns).");
        var id = columns.Where(c => c.Member.Name.Equals("Id", StringComparison.OrdinalIgnoreCase)).ToList();
        if (id.Count > 0) return Decide(type, id, "are named Id", "Mark the key with [Key].");
        var typeId = columns.Where(c => c.Member.Name.Equals(type.Name + "Id", StringComparison.OrdinalIgnoreCase)).ToList();
        if (typeId.Count > 0) return Decide(type, typeId, $"are named {type.Name}Id", "Mark the key with [Key].");
        return (null, $"{type.Name} has no key: mark one member with [Key], or name it Id or {type.Name}Id.");
    }

    private static (EntityColumn?, string?) Decide(Type type, List<EntityColumn> candidates, string why, string fix) =>
        candidates.Count == 1
            ? (candidates[0], null)
            : (null, $"{type.Name} has several key candidates: {string.Join(", ", candidates.Select(c => c.Member.Name))} {why}. {fix}");
}
