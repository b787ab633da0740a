using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>
    /// Adds a condition on the value at a path of a JSON column: <c>WhereJson("meta", "address.city", "=", "Paris")</c>, read as
    /// <c>"meta"-&gt;'address'-&gt;&gt;'city'</c> on PostgreSQL, <c>JSON_VALUE</c> on MySQL/MariaDB and <c>json_extract</c> on SQLite.
    /// Numbers compare as numbers and bools as booleans (the path is cast where the database needs it); other values compare as the
    /// text System.Text.Json writes for them with the database's options (a <see cref="Guid"/> or a date as its JSON string).
    /// <c>=</c> or <c>&lt;&gt;</c> with null tests for a missing property or a JSON null.
    /// </summary>
    /// <param name="column">The JSON column.</param>
    /// <param name="path">The path: property names and array indexes, <c>address.city</c>, <c>$.tags[0]</c> (see <see cref="JsonPath"/>).</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c> (LIKE with text only).</param>
    /// <param name="value">A scalar, sent as a parameter; null for the NULL test.</param>
    /// <exception cref="ArgumentException">An invalid column, path or operator, or a value that is an object or a list.</exception>
    /// <exception cref="NotSupportedException">Raised when the query is compiled for a dialect without JSON paths (<see cref="Dialects.SqlDialect.SupportsJsonPaths"/>).</exception>
    public TSelf WhereJson(string column, string path, string op, object? value) =>
        Add(LogicalOperator.And, JsonPathValues.Condition(Column(column), JsonPath.Parse(path), ComparisonOperators.Parse(op), value, Json));

    /// <summary>Adds <c>value-at-path = value</c> on a JSON column (IS NULL for null); see <see cref="WhereJson(string, string, string, object?)"/>.</summary>
    /// <param name="column">The JSON column.</param>
    /// <param name="path">The path, e.g. <c>address.city</c>.</param>
    /// <param name="value">A scalar, sent as a parameter; null for the NULL test.</param>
    /// <exception cref="ArgumentException">An invalid column or path, or a value that is an object or a list.</exception>
    public TSelf WhereJson(string column, string path, object? value) =>
        Add(LogicalOperator.And, JsonPathValues.Condition(Column(column), JsonPath.Parse(path), ComparisonOperator.Equal, value, Json));

    /// <summary>OR a condition on the value at a path of a JSON column; see <see cref="WhereJson(string, string, string, object?)"/>.</summary>
    /// <param name="column">The JSON column.</param>
    /// <param name="path">The path, e.g. <c>address.city</c>.</param>
    /// <param name="op">The comparison operator.</param>
    /// <param name="value">A scalar, sent as a parameter; null for the NULL test.</param>
    /// <exception cref="ArgumentException">An invalid column, path or operator, or a value that is an object or a list.</exception>
    public TSelf OrWhereJson(string column, string path, string op, object? value) =>
        Add(LogicalOperator.Or, JsonPathValues.Condition(Column(column), JsonPath.Parse(path), ComparisonOperators.Parse(op), value, Json));

    /// <summary>OR <c>value-at-path = value</c> on a JSON column (IS NULL for null).</summary>
    /// <param name="column">The JSON column.</param>
    /// <param name="path">The path, e.g. <c>address.city</c>.</param>
    /// <param name="value">A scalar, sent as a parameter; null for the NULL test.</param>
    /// <exception cref="ArgumentException">An invalid column or path, or a value that is an object or a list.</exception>
    public TSelf OrWhereJson(string column, string path, object? value) =>
        Add(LogicalOperator.Or, JsonPathValues.Condition(Column(column), JsonPath.Parse(path), ComparisonOperator.Equal, value, Json));
}
