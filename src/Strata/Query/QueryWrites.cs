using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Strata.Dialects;
using Strata.Mapping;

using Strata.Plugins;
using Strata.Query;

namespace Strata;

/// <summary>
/// The writes beyond one plain row: multi-row inserts, upserts, insert-from-select, increments, and the
/// generic overloads that read the rows a <see cref="SqlQuery.Returning"/> clause sends back. Each runs through
/// the session that built the query; <see cref="QueryWriteSql"/> shows the same statements without running them.
/// </summary>
/// <remarks>
/// Values are given as for <see cref="QueryExecution.InsertAsync(SqlQuery, object, CancellationToken)"/>: objects
/// or dictionaries, each value a parameter except a <see cref="Sql"/> value, which is inlined as SQL.
/// </remarks>
public static class QueryWrites
{
    /// <summary>
    /// Inserts many rows with multi-row <c>INSERT … VALUES (…), (…)</c> statements, as few as the dialect's
    /// <see cref="Dialects.SqlDialect.MaxParameters"/> allows, and returns the rows inserted. More than one
    /// statement runs in a transaction (a savepoint inside one), so either every row is inserted or none.
    /// No rows inserts nothing and returns 0.
    /// </summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="rows">Objects or dictionaries that all set the same columns.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">Rows that set different columns, an invalid column name, or a row too wide for one statement.</exception>
    public static Task<int> InsertManyAsync(this SqlQuery query, IEnumerable rows, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        var set = RowSet.From(rows, session, query.RowRewriter(session, QueryOperation.Insert));
        return ExecuteAllAsync(session, set.Rows.Count == 0 ? [] : WriteCompiler.InsertBatches(query.Node, set, null, session.Dialect), cancellationToken);
    }

    /// <summary>Inserts many rows as <see cref="InsertManyAsync(SqlQuery, IEnumerable, CancellationToken)"/> does and returns the <see cref="SqlQuery.Returning"/> columns of every inserted row.</summary>
    /// <param name="query">A query with only its table and a Returning clause.</param>
    /// <param name="rows">Objects or dictionaries that all set the same columns.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="NotSupportedException">The dialect cannot return rows from a multi-row insert (MySQL).</exception>
    public static Task<IReadOnlyList<T>> InsertManyAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, IEnumerable rows, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        RequireReturning(query);
        var set = RowSet.From(rows, session, query.RowRewriter(session, QueryOperation.Insert));
        return QueryAllAsync<T>(session, set.Rows.Count == 0 ? [] : WriteCompiler.InsertBatches(query.Node, set, null, session.Dialect), cancellationToken);
    }

    /// <summary>
    /// Inserts a row, or updates the existing row whose <paramref name="conflictColumns"/> match: PostgreSQL and
    /// SQLite <c>ON CONFLICT (…) DO UPDATE SET column = excluded.column</c>, MySQL/MariaDB
    /// <c>ON DUPLICATE KEY UPDATE column = VALUES(column)</c> (which reacts to a duplicate on any unique key; MySQL
    /// 8.0.20 and later deprecate <c>VALUES()</c> there in favour of a row alias but still accept it, and MariaDB
    /// knows only <c>VALUES()</c>). Returns the affected-row count as the database reports it (MySQL counts an updated row as 2).
    /// </summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="values">The row, as an object or a dictionary.</param>
    /// <param name="conflictColumns">The unique key that decides a conflict; each must be inserted.</param>
    /// <param name="updateColumns">The columns to overwrite on a conflict; null means every inserted column but the conflict key, empty keeps the row as it is.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">No conflict column, or a conflict or update column that is not inserted.</exception>
    public static Task<int> UpsertAsync(this SqlQuery query, object values, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns = null, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        return ExecuteAllAsync(session, Upsert(query, new[] { values }, conflictColumns, updateColumns, session), cancellationToken);
    }

    /// <summary>Upserts a row as <see cref="UpsertAsync(SqlQuery, object, IEnumerable{string}, IEnumerable{string}?, CancellationToken)"/> does and returns its <see cref="SqlQuery.Returning"/> columns.</summary>
    /// <param name="query">A query with only its table and a Returning clause.</param>
    /// <param name="values">The row.</param>
    /// <param name="conflictColumns">The unique key that decides a conflict.</param>
    /// <param name="updateColumns">The columns to overwrite on a conflict; null for every inserted column but the key.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">The dialect cannot return rows from an upsert (MySQL).</exception>
    public static Task<IReadOnlyList<T>> UpsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, object values, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns = null, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        RequireReturning(query);
        return QueryAllAsync<T>(session, Upsert(query, new[] { values }, conflictColumns, updateColumns, session), cancellationToken);
    }

    /// <summary>Upserts many rows with multi-row statements, batched and atomic as in <see cref="InsertManyAsync(SqlQuery, IEnumerable, CancellationToken)"/>.</summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="rows">Objects or dictionaries that all set the same columns.</param>
    /// <param name="conflictColumns">The unique key that decides a conflict.</param>
    /// <param name="updateColumns">The columns to overwrite on a conflict; null for every inserted column but the key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<int> UpsertManyAsync(this SqlQuery query, IEnumerable rows, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns = null, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        return ExecuteAllAsync(session, Upsert(query, rows, conflictColumns, updateColumns, session), cancellationToken);
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) SELECT …</c>: inserts the rows <paramref name="select"/> returns and returns how many. The select is
    /// rewritten by its own plugins; the plugins of the target table set no values here (they see no rows).
    /// </summary>
    /// <param name="query">A query with only its table.</param>
    /// <param name="columns">The target columns, in the order of the select's columns.</param>
    /// <param name="select">The query whose rows are inserted; compiled with the same dialect.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">No columns, or an invalid column name.</exception>
    public static Task<int> InsertFromAsync(this SqlQuery query, IReadOnlyList<string> columns, SqlQuery select, CancellationToken cancellationToken = default)
    {
        var session = Bound(query);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(select);
        var source = select.Session is null ? select.Node : select.Prepare(QueryOperation.Select).Node;
        return session.ExecuteAsync(WriteCompiler.InsertFrom(query.Node, columns, source, session.Dialect), cancellationToken).RowsAffectedAsync();
    }

    /// <summary>Adds <paramref name="amount"/> to <paramref name="column"/> in the rows the conditions match (<c>SET column = column + amount</c>) and returns how many.</summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="column">The numeric column.</param>
    /// <param name="amount">The amount, a parameter.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>.</exception>
    public static Task<int> IncrementAsync(this SqlQuery query, string column, long amount = 1, CancellationToken cancellationToken = default) =>
        query.UpdateAsync(Step(column, " + ", amount), cancellationToken);

    /// <summary>Adds a fractional <paramref name="amount"/> to <paramref name="column"/> in the rows the conditions match and returns how many.</summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="column">The numeric column.</param>
    /// <param name="amount">The amount, a parameter.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>.</exception>
    public static Task<int> IncrementAsync(this SqlQuery query, string column, decimal amount, CancellationToken cancellationToken = default) =>
        query.UpdateAsync(Step(column, " + ", amount), cancellationToken);

    /// <summary>Subtracts <paramref name="amount"/> from <paramref name="column"/> in the rows the conditions match (<c>SET column = column - amount</c>) and returns how many.</summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="column">The numeric column.</param>
    /// <param name="amount">The amount, a parameter.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>.</exception>
    public static Task<int> DecrementAsync(this SqlQuery query, string column, long amount = 1, CancellationToken cancellationToken = default) =>
        query.UpdateAsync(Step(column, " - ", amount), cancellationToken);

    /// <summary>Inserts one row and returns its <see cref="SqlQuery.Returning"/> columns.</summary>
    /// <param name="query">A query with only its table and a Returning clause.</param>
    /// <param name="values">The row.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">The dialect returns nothing but a single generated key, and more was asked.</exception>
    public static Task<IReadOnlyList<T>> InsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, object values, CancellationToken cancellationToken = default)
    {
        var (session, sql) = Returned(query, QueryOperation.Insert, values);
        return session.QueryAsync<T>(sql, cancellationToken);
    }

    /// <summary>Updates the matched rows and returns their <see cref="SqlQuery.Returning"/> columns, as they are after the update.</summary>
    /// <param name="query">A query with its table, conditions (or <see cref="SqlQuery.All"/>) and a Returning clause.</param>
    /// <param name="values">The column values.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">The dialect cannot return rows from an UPDATE (MySQL, MariaDB).</exception>
    public static Task<IReadOnlyList<T>> UpdateAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, object values, CancellationToken cancellationToken = default)
    {
        var (session, sql) = Returned(query, QueryOperation.Update, values);
        return session.QueryAsync<T>(sql, cancellationToken);
    }

    /// <summary>
    /// <see cref="InsertAsync{T}(SqlQuery, object, CancellationToken)"/> or <see cref="UpdateAsync{T}(SqlQuery, object, CancellationToken)"/>
    /// of at most one row (a repository's write by key), its row read back alone rather than into a list; null when none matched.
    /// </summary>
    internal static Task<T?> WriteOneAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, QueryOperation operation, object values,
        CancellationToken cancellationToken)
    {
        var (session, sql) = Returned(query, operation, values);
        return session.QueryFirstOrDefaultAsync<T>(sql, cancellationToken);
    }

    // The caller's name reaches the error for a query bound to no session.
    private static (IDbSession Session, Sql Sql) Returned(SqlQuery query, QueryOperation operation, object values,
        [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireReturning(query);
        return query.PrepareWrite(operation, values, caller);
    }

    /// <summary>Deletes the matched rows and returns their <see cref="SqlQuery.Returning"/> columns.</summary>
    /// <param name="query">A query with its table, conditions (or <see cref="SqlQuery.All"/>) and a Returning clause.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">The dialect cannot return rows from a DELETE (MySQL).</exception>
    public static Task<IReadOnlyList<T>> DeleteAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireReturning(query);
        var (session, node, updateInstead) = query.PrepareDelete();
        return session.QueryAsync<T>(updateInstead is null
            ? QueryCompiler.Default.CompileDelete(node, session.Dialect)
            : QueryCompiler.Default.CompileUpdate(node, updateInstead, session.Dialect), cancellationToken);
    }

    internal static Dictionary<string, object?> Step(string column, string op, object amount)
    {
        var name = SqlQuery.ColumnName(column, nameof(column));
        return new Dictionary<string, object?> { [name] = Sql.Identifier(name) + Sql.Raw(op) + Sql.Parameter(amount) };
    }

    internal static IReadOnlyList<Sql> Upsert(SqlQuery query, IEnumerable rows, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns, IDbSession? session, SqlDialect? dialect = null)
    {
        dialect ??= query.DialectOr(session?.Dialect);
        var insertOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var set = RowSet.From(rows, session, session is null ? null : query.RowRewriter(session, QueryOperation.Upsert, insertOnly));
        if (set.Rows.Count == 0) return [];
        // Columns a plugin sets only on insert (a creation time) stay out of the update of a conflicting row.
        updateColumns ??= insertOnly.Count == 0 ? null : set.Columns.Where(c => !insertOnly.Contains(c) && !conflictColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        return WriteCompiler.InsertBatches(query.Node, set, UpsertTarget.Create(set.Columns, conflictColumns, updateColumns), dialect);
    }

    private static async Task<int> ExecuteAllAsync(IDbSession session, IReadOnlyList<Sql> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0) return 0;
        if (statements.Count == 1) return await session.ExecuteAsync(statements[0], cancellationToken).ConfigureAwait(false);
        return await session.TransactionAsync(async tx =>
        {
            var total = 0;
            foreach (var statement in statements) total += await tx.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
            return total;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<T>> QueryAllAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(IDbSession session, IReadOnlyList<Sql> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0) return [];
        if (statements.Count == 1) return await session.QueryAsync<T>(statements[0], cancellationToken).ConfigureAwait(false);
        return await session.TransactionAsync<IReadOnlyList<T>>(async tx =>
        {
            var all = new List<T>();
            foreach (var statement in statements) all.AddRange(await tx.QueryAsync<T>(statement, cancellationToken).ConfigureAwait(false));
            return all;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static void RequireReturning(SqlQuery query, [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        if (query.Node.Returning.IsDefaultOrEmpty)
            throw new InvalidOperationException($"{caller}<T> reads the rows of a Returning clause: add .Returning(\"id\", …) to the query, or call the non-generic {caller}.");
    }

    private static IDbSession Bound(SqlQuery query, [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.BoundSession(caller);
    }
}
