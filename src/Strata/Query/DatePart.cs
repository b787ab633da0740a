namespace Strata;

/// <summary>A part of a date or time column, read the same way on every database (see <see cref="Dialects.SqlDialect.DatePart"/>).</summary>
public enum DatePart
{
    /// <summary>The year, a whole number.</summary>
    Year,

    /// <summary>The month, 1 to 12.</summary>
    Month,

    /// <summary>The day of the month, 1 to 31.</summary>
    Day,

    /// <summary>The hour, 0 to 23.</summary>
    Hour,

    /// <summary>The minute, 0 to 59.</summary>
    Minute,

    /// <summary>The second, 0 to 59, without its fraction.</summary>
    Second,

    /// <summary>The date without its time of day, compared with a <see cref="DateOnly"/> (<c>WhereDate</c>).</summary>
    Date,

    /// <summary>The time of day without its date, compared with a <see cref="TimeOnly"/> (<c>WhereTime</c>).</summary>
    Time,
}
