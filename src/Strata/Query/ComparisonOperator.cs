namespace Strata.Query;

/// <summary>The fixed set of comparisons a condition or join may use.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c>.</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> (also written <c>!=</c>).</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>LIKE</c>; the pattern is a parameter and its wildcards are the caller's.</summary>
    Like,

    /// <summary><c>NOT LIKE</c>.</summary>
    NotLike,
}
