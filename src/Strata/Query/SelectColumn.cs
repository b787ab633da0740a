namespace Strata.Query;

/// <summary>A selected column (<c>*</c>, <c>table.*</c> or a name) with an optional alias.</summary>
/// <param name="Column">The column.</param>
/// <param name="Alias">The alias, or null.</param>
public sealed record SelectColumn(string Column, string? Alias) : SelectItem;
