namespace Strata.Query;

/// <summary>The value at a path of a JSON column, selected with an optional alias (see <see cref="JsonPathType.Any"/>).</summary>
/// <param name="Column">The JSON column.</param>
/// <param name="Path">The path inside the document.</param>
/// <param name="Alias">The alias, or null.</param>
public sealed record SelectJsonPath(string Column, JsonPath Path, string? Alias) : SelectItem;
