using Strata.Dialects;
using Strata.Query;

namespace Strata;

public sealed partial class SqlQuery
{
    /// <summary>
    /// Adds a part for one database only, for the rare clause with no portable form:
    /// <c>.ForDialect("postgres", q =&gt; q.WhereRaw($"tags @&gt; {tags}"))</c>. The part is applied, after every other call, when the
    /// query is compiled for that database (<c>postgres</c>, <c>mysql</c> — which MariaDB answers to as well —, <c>mariadb</c>, <c>sqlite</c>:
    /// a <see cref="SqlDialect.ScriptVariantTags"/> entry), and left out on the others.
    /// </summary>
    /// <param name="dialect">The database's tag.</param>
    /// <param name="part">Adds the part to the query; it runs at each compile for that database, so it should only build.</param>
    /// <exception cref="ArgumentException">An empty tag.</exception>
    /// <remarks>A query with such parts is compiled each time rather than served from the shape cache.</remarks>
    public SqlQuery ForDialect(string dialect, Func<SqlQuery, SqlQuery> part)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialect);
        ArgumentNullException.ThrowIfNull(part);
        return With(Node with { DialectParts = Node.DialectParts.Add(new DialectPart(dialect.Trim(), part)) });
    }

    /// <summary>The node with the parts for <paramref name="dialect"/> applied and the others dropped.</summary>
    /// <exception cref="ArgumentException">A part returned null.</exception>
    internal static QueryNode ApplyDialectParts(QueryNode node, SqlDialect dialect)
    {
        if (node.DialectParts.IsDefaultOrEmpty) return node;
        var query = new SqlQuery(null, node with { DialectParts = [] });
        var tags = dialect.ScriptVariantTags;
        foreach (var part in node.DialectParts)
        {
            if (!tags.Contains(part.Dialect, StringComparer.OrdinalIgnoreCase)) continue;
            query = part.Apply(query) ?? throw new ArgumentException($"The part for '{part.Dialect}' returned null instead of a query.", nameof(node));
        }
        return ApplyDialectParts(query.Node, dialect);
    }
}
