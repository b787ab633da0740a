namespace Strata.Query;

/// <summary>How a <see cref="SetOperation"/> combines its query with the rows before it.</summary>
public enum SetOperator
{
    /// <summary><c>UNION</c>: the rows of either.</summary>
    Union,

    /// <summary><c>INTERSECT</c>: the rows of both.</summary>
    Intersect,

    /// <summary><c>EXCEPT</c>: the rows before it that the query does not return.</summary>
    Except,
}
