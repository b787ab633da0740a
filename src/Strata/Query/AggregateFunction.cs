using Strata.Query;
namespace Strata;

/// <summary>The aggregate functions of <see cref="QueryAggregates"/> and of <see cref="Aggregate"/>.</summary>
public enum AggregateFunction
{
    /// <summary><c>SUM</c>.</summary>
    Sum,

    /// <summary><c>AVG</c>.</summary>
    Avg,

    /// <summary><c>MIN</c>.</summary>
    Min,

    /// <summary><c>MAX</c>.</summary>
    Max,

    /// <summary><c>COUNT</c>: of rows (<c>COUNT(*)</c>) or of a column's non-null values.</summary>
    Count,
}
