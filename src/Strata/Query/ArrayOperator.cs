namespace Strata.Query;

/// <summary>The array comparisons of <see cref="ArrayCondition"/>, on databases with arrays (<see cref="Dialects.SqlDialect.SupportsArrays"/>).</summary>
public enum ArrayOperator
{
    /// <summary><c>value = ANY(column)</c>: the array holds the value.</summary>
    Any,

    /// <summary><c>column @&gt; values</c>: the array holds every one of the values.</summary>
    Contains,

    /// <summary><c>column &amp;&amp; values</c>: the array holds at least one of the values.</summary>
    Overlaps,
}
