using System.Collections;
using Strata.Dialects;
using Strata.Query;

namespace Strata;

/// <summary>
/// The statements of <see cref="QueryWrites"/> compiled without running them: text and parameter values,
/// never values inlined. A null dialect uses the bound session's.
/// </summary>
public static class QueryWriteSql
{
    /// <summary>The batches of a multi-row insert (one entry per statement; none for no rows).</summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="rows">Objects or dictionaries that all set the same columns.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="ArgumentException">Rows that set different columns, or an invalid column name.</exception>
    public static IReadOnlyList<RenderedSql> ToInsertManySql(this SqlQuery query, IEnumerable rows, SqlDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var d = query.DialectOr(dialect);
        var set = RowSet.From(rows, query.Session);
        return set.Rows.Count == 0 ? [] : [.. WriteCompiler.InsertBatches(query.Node, set, null, d).Select(s => s.Render(d))];
    }

    /// <summary>The upsert of one row (see <see cref="QueryWrites.UpsertAsync(SqlQuery, object, IEnumerable{string}, IEnumerable{string}?, CancellationToken)"/>).</summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="values">The row.</param>
    /// <param name="conflictColumns">The unique key that decides a conflict.</param>
    /// <param name="updateColumns">The columns to overwrite on a conflict; null for every inserted column but the key.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    public static RenderedSql ToUpsertSql(this SqlQuery query, object values, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns = null, SqlDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var d = query.DialectOr(dialect);
        return QueryWrites.Upsert(query, new[] { values }, conflictColumns, updateColumns, query.Session, d)[0].Render(d);
    }

    /// <summary>The <c>INSERT INTO table (columns) SELECT …</c> of <see cref="QueryWrites.InsertFromAsync"/>.</summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="columns">The target columns.</param>
    /// <param name="select">The query whose rows are inserted.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    public static RenderedSql ToInsertFromSql(this SqlQuery query, IReadOnlyList<string> columns, SqlQuery select, SqlDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(select);
        var d = query.DialectOr(dialect);
        return WriteCompiler.InsertFrom(query.Node, columns, select.Node, d).Render(d);
    }

    /// <summary>The UPDATE of <see cref="QueryWrites.IncrementAsync(SqlQuery, string, long, CancellationToken)"/>.</summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="column">The numeric column.</param>
    /// <param name="amount">The amount, a parameter.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    public static RenderedSql ToIncrementSql(this SqlQuery query, string column, long amount = 1, SqlDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ToUpdateSql(QueryWrites.Step(column, " + ", amount), dialect);
    }
}
