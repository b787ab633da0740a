namespace Strata.Query;

/// <summary>A selected SQL expression (an aggregate, a function call) with an optional alias.</summary>
/// <param name="Expression">The fragment; holes are parameters, raw text enters only through <see cref="Sql.Raw(string)"/>.</param>
/// <param name="Alias">The alias, or null.</param>
public sealed record SelectExpression(Sql Expression, string? Alias) : SelectItem;
