namespace Strata.Mapping;

/// <summary>
/// Marks a member type as a relationship to other rows rather than a column (the relations of <c>Strata.Models</c>):
/// <see cref="EntityMap{T}"/> leaves members of such types out, without a <c>[NotMapped]</c> on each.
/// </summary>
public interface IRelation
{
    /// <summary>True once the related rows were loaded (eagerly or lazily).</summary>
    bool IsLoaded { get; }
}
