namespace Strata.Query;

/// <summary><c>NOT (operand)</c>. An operand that renders to nothing (an empty group) makes the whole node render to nothing.</summary>
/// <param name="Operand">The negated condition, usually a <see cref="GroupCondition"/>.</param>
public sealed record NotCondition(Condition Operand) : Condition;
