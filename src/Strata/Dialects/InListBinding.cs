namespace Strata.Dialects;

/// <summary>How a dialect sends the values of a list written as <c>column IN ({values})</c> (see <see cref="SqlDialect.InListBinding"/>).</summary>
public enum InListBinding
{
    /// <summary>One placeholder per value, <c>IN (@p0, @p1, …)</c>, whatever the length (MySQL/MariaDB, whose driver sets no limit).</summary>
    Expanded,

    /// <summary>
    /// One placeholder per value, until the statement would carry more parameters than <see cref="SqlDialect.MaxParameters"/>:
    /// then each list goes as one parameter (SQLite's <c>json_each</c>).
    /// </summary>
    SingleParameterPastLimit,

    /// <summary>Always one parameter holding every value (PostgreSQL's <c>= ANY($1)</c> with an array).</summary>
    SingleParameter,
}
