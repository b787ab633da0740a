using Strata.Query;

namespace Strata.MySql;

public partial class MySqlDialect
{
    /// <inheritdoc />
    public override bool SupportsJsonPaths => true;

    /// <inheritdoc />
    /// <remarks>
    /// Functions MySQL 8.0.21+ and MariaDB share: <c>JSON_VALUE(column, '$."address"."city"')</c> for text and numbers (MySQL and
    /// MariaDB compare a numeric text with a number as numbers); <c>(JSON_UNQUOTE(JSON_EXTRACT(…)) = 'true')</c> for booleans, which
    /// compares with a bool parameter's 1 or 0; and for a select the unquoted value (an object or array as JSON text), JSON null
    /// as NULL. JSON columns have a binary collation, so text compares case-sensitively, as on PostgreSQL.
    /// </remarks>
    public override Sql JsonPathValue(Sql column, JsonPath path, JsonPathType type)
    {
        ArgumentNullException.ThrowIfNull(path);
        var literal = Sql.Raw(", " + JsonPathLiteral(path) + ")");
        return type switch
        {
            JsonPathType.Boolean => Sql.Raw("(JSON_UNQUOTE(JSON_EXTRACT(") + column + literal + Sql.Raw(") = 'true')"),
            JsonPathType.Any => Sql.Raw("CASE WHEN JSON_TYPE(JSON_EXTRACT(") + column + literal + Sql.Raw(") = 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(")
                + column + literal + Sql.Raw(") END"),
            _ => Sql.Raw("JSON_VALUE(") + column + literal,
        };
    }

    /// <inheritdoc />
    /// <remarks><c>column = CAST(? AS JSON)</c>: MySQL compares JSON values as documents (key order and spacing do not matter).</remarks>
    public override Sql JsonEquals(Sql column, Sql value, bool negated) =>
        column + Sql.Raw(negated ? " <> CAST(" : " = CAST(") + value + Sql.Raw(" AS JSON)");
}
