namespace Strata.Query;

/// <summary><c>column op value</c>, with the value sent as a parameter.</summary>
/// <param name="Column">The column (validated, quoted by the dialect).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The value; a parameter, never text.</param>
public sealed record ComparisonCondition(string Column, ComparisonOperator Operator, object? Value) : Condition
{
    /// <summary>
    /// For <c>LIKE</c>/<c>NOT LIKE</c>: the character that makes the next <c>%</c>, <c>_</c> or itself literal in the pattern
    /// (<c>ESCAPE '!'</c>), or null for none. An ASCII punctuation character other than a quote or a backslash.
    /// </summary>
    public char? Escape { get; init; }
}
