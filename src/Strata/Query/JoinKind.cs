namespace Strata.Query;

/// <summary>The kind of a join.</summary>
public enum JoinKind
{
    /// <summary><c>INNER JOIN</c>: rows with a match on both sides.</summary>
    Inner,

    /// <summary><c>LEFT JOIN</c>: every row of the left side, with NULLs where the right side has no match.</summary>
    Left,
}
