using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>
    /// Adds <c>column LIKE 'text%' ESCAPE '!'</c>: the column starts with <paramref name="text"/>, whose own <c>%</c> and <c>_</c> match
    /// literally. Case sensitivity is the database's, as for <see cref="WhereLike"/>.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The prefix, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf WhereStartsWith(string column, string text) => Add(LogicalOperator.And, Pattern(column, text, "", "%"));

    /// <summary>OR the column starts with <paramref name="text"/> (see <see cref="WhereStartsWith"/>).</summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The prefix, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf OrWhereStartsWith(string column, string text) => Add(LogicalOperator.Or, Pattern(column, text, "", "%"));

    /// <summary>Adds <c>column LIKE '%text' ESCAPE '!'</c>: the column ends with <paramref name="text"/>, matched literally.</summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The suffix, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf WhereEndsWith(string column, string text) => Add(LogicalOperator.And, Pattern(column, text, "%", ""));

    /// <summary>OR the column ends with <paramref name="text"/>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The suffix, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf OrWhereEndsWith(string column, string text) => Add(LogicalOperator.Or, Pattern(column, text, "%", ""));

    /// <summary>Adds <c>column LIKE '%text%' ESCAPE '!'</c>: the column contains <paramref name="text"/>, matched literally.</summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The text, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf WhereContains(string column, string text) => Add(LogicalOperator.And, Pattern(column, text, "%", "%"));

    /// <summary>OR the column contains <paramref name="text"/>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="text">The text, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null text.</exception>
    public TSelf OrWhereContains(string column, string text) => Add(LogicalOperator.Or, Pattern(column, text, "%", "%"));

    private static ComparisonCondition Pattern(string column, string text, string before, string after)
    {
        var name = Column(column);
        ArgumentNullException.ThrowIfNull(text);
        return new ComparisonCondition(name, ComparisonOperator.Like, before + ExpressionTranslator.EscapeLike(text) + after) { Escape = ExpressionTranslator.LikeEscape };
    }
}
