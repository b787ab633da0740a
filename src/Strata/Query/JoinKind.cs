using Strata.Query;
namespace Strata;

/// <summary>The kind of a join.</summary>
public enum JoinKind
{
    /// <summary><c>INNER JOIN</c>: rows with a match on both sides.</summary>
    Inner,

    /// <summary><c>LEFT JOIN</c>: every row of the left side, with NULLs where the right side has no match.</summary>
    Left,

    /// <summary><c>RIGHT JOIN</c>: every row of the joined table, with NULLs where the left side has no match.</summary>
    Right,

    /// <summary><c>FULL JOIN</c>: every row of both sides; only where <see cref="Dialects.SqlDialect.SupportsFullJoin"/>.</summary>
    Full,

    /// <summary><c>CROSS JOIN</c>: every pairing of rows; the join's columns are not used.</summary>
    Cross,
}
