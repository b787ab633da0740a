using Strata.Query;

namespace Strata;

public sealed partial class SqlQuery
{
    /// <summary>
    /// Adds the value at a path of a JSON column to the selected columns: <c>SelectJson("meta", "address.city", "city")</c>. A scalar
    /// comes back as text or a number (a bool as <c>true</c>/<c>1</c>, which maps to <see cref="bool"/>), an object or array as its JSON
    /// text (which maps to a JSON-marked type), a missing property or JSON null as NULL.
    /// </summary>
    /// <param name="column">The JSON column.</param>
    /// <param name="path">The path, e.g. <c>address.city</c> or <c>$.tags[0]</c> (see <see cref="JsonPath"/>).</param>
    /// <param name="alias">A plain name for the result column, or null.</param>
    /// <exception cref="ArgumentException">An invalid column, path or alias.</exception>
    /// <exception cref="NotSupportedException">Raised when the query is compiled for a dialect without JSON paths.</exception>
    public SqlQuery SelectJson(string column, string path, string? alias = null)
    {
        var name = Column(column);
        var parsed = JsonPath.Parse(path);
        return With(Node with { Columns = Node.Columns.Add(new SelectJsonPath(name, parsed, alias is null ? null : Alias(alias))) });
    }
}
