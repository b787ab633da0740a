namespace Strata.Query;

/// <summary>How a condition joins the one before it. AND binds tighter than OR, as in SQL; use a group for other orders.</summary>
public enum LogicalOperator
{
    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary><c>OR</c>.</summary>
    Or,
}
