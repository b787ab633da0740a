namespace Strata.Query;

/// <summary>
/// A part of a query for one database only, applied when the query is compiled for a dialect whose
/// <see cref="Dialects.SqlDialect.ScriptVariantTags"/> include <paramref name="Dialect"/> (<c>postgres</c>, <c>mysql</c> — also MariaDB —,
/// <c>mariadb</c>, <c>sqlite</c>), and left out elsewhere. Made by <see cref="SqlQuery.ForDialect"/>.
/// </summary>
/// <param name="Dialect">The tag of the database it is for.</param>
/// <param name="Apply">Adds the part to the query as it stands when compiled.</param>
public sealed record DialectPart(string Dialect, Func<SqlQuery, SqlQuery> Apply);
