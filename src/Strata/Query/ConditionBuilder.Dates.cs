using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>
    /// Adds <c>date(column) op date</c>: the date of a date/time column without its time of day, on every database
    /// (<c>CAST(… AS DATE)</c>, SQLite's <c>date(…)</c>): <c>WhereDate("created_at", "&gt;=", new DateOnly(2025, 1, 1))</c>.
    /// </summary>
    /// <param name="column">A date, date/time or timestamp column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="date">The date, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    /// <remarks>A <c>timestamptz</c> column on PostgreSQL gives its date in the session's time zone.</remarks>
    public TSelf WhereDate(string column, string op, DateOnly date) => Add(LogicalOperator.And, PartOf(column, DatePart.Date, op, date));

    /// <summary>Adds <c>date(column) = date</c> (see <see cref="WhereDate(string, string, DateOnly)"/>).</summary>
    /// <param name="column">A date, date/time or timestamp column.</param>
    /// <param name="date">The date, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereDate(string column, DateOnly date) => Add(LogicalOperator.And, PartOf(column, DatePart.Date, "=", date));

    /// <summary>OR <c>date(column) op date</c>.</summary>
    /// <param name="column">A date, date/time or timestamp column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="date">The date, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public TSelf OrWhereDate(string column, string op, DateOnly date) => Add(LogicalOperator.Or, PartOf(column, DatePart.Date, op, date));

    /// <summary>
    /// Adds <c>time(column) op time</c>: the time of day of a date/time or time column, to the second:
    /// <c>WhereTime("created_at", "&lt;", new TimeOnly(9, 0))</c>.
    /// </summary>
    /// <param name="column">A date/time, timestamp or time column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="time">The time of day, a parameter (give whole seconds: the column's fraction is dropped on SQLite and MySQL).</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public TSelf WhereTime(string column, string op, TimeOnly time) => Add(LogicalOperator.And, PartOf(column, DatePart.Time, op, time));

    /// <summary>OR <c>time(column) op time</c>.</summary>
    /// <param name="column">A date/time, timestamp or time column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="time">The time of day, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public TSelf OrWhereTime(string column, string op, TimeOnly time) => Add(LogicalOperator.Or, PartOf(column, DatePart.Time, op, time));

    /// <summary>
    /// Adds <c>part(column) op value</c> for a numeric part: <c>WhereDatePart(DatePart.Year, "created_at", "=", 2025)</c>
    /// (<c>EXTRACT(YEAR FROM …)</c> on PostgreSQL and MySQL, <c>strftime('%Y', …)</c> on SQLite).
    /// </summary>
    /// <param name="part">Year, month, day, hour, minute or second.</param>
    /// <param name="column">A date, date/time, timestamp or time column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="value">The number, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or operator, or <see cref="DatePart.Date"/>/<see cref="DatePart.Time"/> (use WhereDate/WhereTime).</exception>
    public TSelf WhereDatePart(DatePart part, string column, string op, int value) => Add(LogicalOperator.And, NumericPartOf(part, column, op, value));

    /// <summary>OR <c>part(column) op value</c> (see <see cref="WhereDatePart"/>).</summary>
    /// <param name="part">Year, month, day, hour, minute or second.</param>
    /// <param name="column">A date, date/time, timestamp or time column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=</c>.</param>
    /// <param name="value">The number, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, operator or part.</exception>
    public TSelf OrWhereDatePart(DatePart part, string column, string op, int value) => Add(LogicalOperator.Or, NumericPartOf(part, column, op, value));

    private static DatePartCondition NumericPartOf(DatePart part, string column, string op, int value)
    {
        if (!Enum.IsDefined(part) || part is DatePart.Date or DatePart.Time)
            throw new ArgumentException($"WhereDatePart compares a numeric part (year to second), not {part}: use WhereDate or WhereTime.", nameof(part));
        return PartOf(column, part, op, value);
    }

    private static DatePartCondition PartOf(string column, DatePart part, string op, object value)
    {
        var name = SqlQuery.ColumnName(column, nameof(column));
        var comparison = ComparisonOperators.Parse(op);
        if (comparison is ComparisonOperator.Like or ComparisonOperator.NotLike)
            throw new ArgumentException($"'{op}' does not compare dates or numbers: use =, <>, <, <=, > or >=.", nameof(op));
        return new DatePartCondition(name, part, comparison, value);
    }
}
