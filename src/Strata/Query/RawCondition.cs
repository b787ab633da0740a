namespace Strata.Query;

/// <summary>A condition written as a <see cref="Strata.Sql"/> fragment, placed in parentheses.</summary>
/// <param name="Sql">The fragment; its holes are parameters, and raw text enters only through <see cref="Strata.Sql.Raw(string)"/>.</param>
public sealed record RawCondition(Sql Sql) : Condition;
