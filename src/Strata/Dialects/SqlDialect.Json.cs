using System.Text;
using Strata.Query;

namespace Strata.Dialects;

public abstract partial class SqlDialect
{
    /// <summary>True when <see cref="JsonPathValue"/> reads JSON paths (<c>WhereJson</c>, <c>SelectJson</c>, lambdas over JSON members).</summary>
    public virtual bool SupportsJsonPaths => false;

    /// <summary>
    /// The SQL that reads the value at <paramref name="path"/> in the JSON column <paramref name="column"/>, as <paramref name="type"/>
    /// says: cast so that it compares with a text, number or bool parameter, or as the database gives it for a select. A missing
    /// property and a JSON null both read as NULL.
    /// </summary>
    /// <param name="column">The column, quoted.</param>
    /// <param name="path">The validated path; its names are letters, digits and <c>_</c>.</param>
    /// <param name="type">What the value is compared with (or <see cref="JsonPathType.Any"/> for a select).</param>
    /// <exception cref="NotSupportedException"><see cref="SupportsJsonPaths"/> is false.</exception>
    public virtual Sql JsonPathValue(Sql column, JsonPath path, JsonPathType type) =>
        throw new NotSupportedException($"The {Name} dialect cannot read JSON paths (SqlDialect.SupportsJsonPaths is false): compare the values in .NET, or write the condition with WhereRaw.");

    /// <summary>
    /// The condition that a JSON column equals (or, when <paramref name="negated"/>, differs from) the JSON parameter
    /// <paramref name="value"/> as documents. The default compares the texts, <c>column = value</c>; PostgreSQL compares as
    /// <c>jsonb</c>, which also serves <c>json</c> columns (which have no <c>=</c>).
    /// </summary>
    /// <param name="column">The column, quoted.</param>
    /// <param name="value">The parameter holding the JSON text (<see cref="JsonText"/>).</param>
    /// <param name="negated">True for <c>&lt;&gt;</c>.</param>
    public virtual Sql JsonEquals(Sql column, Sql value, bool negated) => column + Sql.Raw(negated ? " <> " : " = ") + value;

    /// <summary>
    /// <paramref name="path"/> as a SQL string literal in the SQL/JSON path syntax most databases read: <c>'$."address"."lines"[0]'</c>,
    /// every name double-quoted.
    /// </summary>
    /// <param name="path">The validated path.</param>
    protected static string JsonPathLiteral(JsonPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder("'$");
        foreach (var segment in path.Segments)
        {
            // Names hold only letters, digits and '_' (JsonPath validates them), so nothing inside the quotes needs escaping.
            if (segment.Name is { } name) text.Append(".\"").Append(name).Append('"');
            else text.Append('[').Append(segment.Index).Append(']');
        }
        return text.Append('\'').ToString();
    }
}
