using System.Text;
using Strata.Dialects;
using Strata.Query;

namespace Strata.Postgres;

public partial class PostgresDialect
{
    /// <inheritdoc />
    /// <remarks>
    /// A collection outside <c>IN (…)</c> goes as one array whose PostgreSQL type Npgsql takes from the element type
    /// (<c>string[]</c> or <c>List&lt;string&gt;</c> as <c>text[]</c>, <c>long[]</c> as <c>bigint[]</c>, <c>Guid[]</c> as <c>uuid[]</c>).
    /// PostgreSQL compares arrays of one type only: give a <c>bigint[]</c> column <c>long</c> values.
    /// </remarks>
    public override bool SupportsArrays => true;

    /// <inheritdoc />
    public override bool SupportsJsonPaths => true;

    /// <inheritdoc />
    /// <remarks><c>value = ANY(column)</c>, <c>column @&gt; values</c>, <c>column &amp;&amp; values</c>.</remarks>
    public override Sql ArrayCondition(Sql column, ArrayOperator op, Sql value) => op switch
    {
        ArrayOperator.Any => value + Sql.Raw(" = ANY(") + column + Sql.Raw(")"),
        ArrayOperator.Contains => column + Sql.Raw(" @> ") + value,
        ArrayOperator.Overlaps => column + Sql.Raw(" && ") + value,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown array operator."),
    };

    /// <inheritdoc />
    /// <remarks>
    /// <c>column-&gt;'address'-&gt;&gt;'city'</c> (works on <c>json</c> and <c>jsonb</c>), cast to <c>numeric</c> or <c>boolean</c> for
    /// comparisons with numbers and bools. A value that does not read as that type (text where a number is expected) fails the
    /// statement with PostgreSQL's error.
    /// </remarks>
    public override Sql JsonPathValue(Sql column, JsonPath path, JsonPathType type)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder();
        for (var i = 0; i < path.Segments.Length; i++)
        {
            var segment = path.Segments[i];
            text.Append(i == path.Segments.Length - 1 ? "->>" : "->");
            if (segment.Name is { } name) text.Append('\'').Append(name.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            else text.Append(segment.Index);
        }
        var value = column + Sql.Raw(text.ToString());
        return type switch
        {
            JsonPathType.Number => Sql.Raw("CAST(") + value + Sql.Raw(" AS numeric)"),
            JsonPathType.Boolean => Sql.Raw("CAST(") + value + Sql.Raw(" AS boolean)"),
            _ => value,
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>CAST(column AS jsonb) = $1</c>: JSON parameters are <c>jsonb</c>, and a <c>json</c> column has no <c>=</c> at all, so the
    /// column is read as <c>jsonb</c> (nothing changes for a <c>jsonb</c> column). Documents compare as values: key order and
    /// spacing do not matter.
    /// </remarks>
    public override Sql JsonEquals(Sql column, Sql value, bool negated) =>
        Sql.Raw("CAST(") + column + Sql.Raw(negated ? " AS jsonb) <> " : " AS jsonb) = ") + value;
}
