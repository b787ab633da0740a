namespace Strata.Query;

/// <summary>The function of a <see cref="WindowExpression"/>.</summary>
public enum WindowFunction
{
    /// <summary><c>ROW_NUMBER()</c>: 1, 2, 3 … within the partition.</summary>
    RowNumber,

    /// <summary><c>RANK()</c>: ties share a rank, and leave a gap after them.</summary>
    Rank,

    /// <summary><c>DENSE_RANK()</c>: ties share a rank, without gaps.</summary>
    DenseRank,

    /// <summary><c>LAG(column, offset)</c>: the value that many rows before, or NULL.</summary>
    Lag,

    /// <summary><c>LEAD(column, offset)</c>: the value that many rows after, or NULL.</summary>
    Lead,

    /// <summary>An aggregate over the window (<see cref="WindowExpression.Aggregate"/>).</summary>
    Aggregate,
}
