using Strata.Query;

namespace Strata.Sqlite;

public sealed partial class SqliteDialect
{
    /// <inheritdoc />
    public override bool SupportsJsonPaths => true;

    /// <inheritdoc />
    /// <remarks>
    /// <c>json_extract(column, '$."address"."city"')</c> whatever the comparison: SQLite returns a JSON number as a number, a string as
    /// text, true and false as 1 and 0 (as a bool parameter is bound), an object or array as JSON text, and null as NULL.
    /// </remarks>
    public override Sql JsonPathValue(Sql column, JsonPath path, JsonPathType type)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Sql.Raw("json_extract(") + column + Sql.Raw(", " + JsonPathLiteral(path) + ")");
    }

    /// <inheritdoc />
    /// <remarks><c>json(column) = json(?)</c>: both texts minified first, so spacing does not matter (key order does).</remarks>
    public override Sql JsonEquals(Sql column, Sql value, bool negated) =>
        Sql.Raw("json(") + column + Sql.Raw(negated ? ") <> json(" : ") = json(") + value + Sql.Raw(")");
}
