using Strata.Query;
namespace Strata;

/// <summary>The aggregate functions of <see cref="QueryAggregates"/>.</summary>
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
}
