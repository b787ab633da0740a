using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;
using Strata.Plugins;
using Strata.Query;

namespace Strata;

/// <summary>
/// The terminal methods of a <see cref="SqlQuery"/>: each compiles it for the bound session's dialect and
/// runs it through that session (<see cref="IDbSession.QueryAsync{T}"/> and friends), so the command
/// pipeline, row mapping and the session's transaction apply.
/// </summary>
/// <remarks>
/// All throw <see cref="InvalidOperationException"/> for a query not started from a session, and a
/// <see cref="DatabaseException"/> subtype for database failures. The query itself is never changed.
/// </remarks>
public static class QueryExecution
{
    /// <summary>Runs the query and maps every row to <typeparamref name="T"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<IReadOnlyList<T>> ToListAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Select);
        return session.QueryAsync<T>(Compiled(node, SqlStatementKind.Select, session).CachedAs(query, node), cancellationToken);
    }

    /// <summary>Streams the rows while the reader stays open; see <see cref="IDbSession.StreamAsync{T}"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command and the enumeration.</param>
    public static IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Select);
        return session.StreamAsync<T>(Compiled(node, SqlStatementKind.Select, session), cancellationToken);
    }

    /// <summary>The first row (the query limited to one), or default when there is none.</summary>
    /// <param name="query">The query; give it an ORDER BY for a defined "first".</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<T?> FirstOrDefaultAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Select);
        return session.QueryFirstOrDefaultAsync<T>(Compiled(Capped(node, 1), SqlStatementKind.Select, session).CachedAs(query, node), cancellationToken);
    }

    /// <summary>The first row (the query limited to one).</summary>
    /// <param name="query">The query; give it an ORDER BY for a defined "first".</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">The query returned no row.</exception>
    public static async Task<T> FirstAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Select);
        var rows = await session.QueryAsync<T>(Compiled(Capped(node, 1), SqlStatementKind.Select, session).CachedAs(query, node), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : throw new InvalidOperationException($"FirstAsync found no row in '{query.Node.Table}' matching the query.");
    }

    /// <summary>The only row; the query is limited to two rows to tell "one" from "more".</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">The query returned no row, or more than one.</exception>
    public static Task<T> SingleAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Select);
        return session.QuerySingleAsync<T>(Compiled(Capped(node, 2), SqlStatementKind.Select, session).CachedAs(query, node), cancellationToken);
    }

    /// <summary>The number of rows the query returns (ORDER BY kept, selected columns ignored unless it is distinct, grouped or paged).</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<long> CountAsync(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Aggregate);
        return await session.ScalarAsync<long>(Compiled(node, SqlStatementKind.Count, session).CachedAs(query, node), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the query returns at least one row.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<bool> ExistsAsync(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var (session, node) = Prepared(query, QueryOperation.Aggregate);
        return await session.ScalarAsync<long>(Compiled(node, SqlStatementKind.Exists, session).CachedAs(query, node), cancellationToken).ConfigureAwait(false) != 0;
    }

    /// <summary>
    /// Inserts one row into the query's table and returns the rows affected (1). <paramref name="values"/>
    /// is a dictionary of column names to values, or an object whose public properties are the columns
    /// (named by <c>[Column]</c> or the database's naming convention; <c>[NotMapped]</c> ones left out).
    /// A <see cref="Sql"/> value is inlined as SQL (e.g. <c>Sql.Raw("CURRENT_TIMESTAMP")</c>); every other value is a parameter.
    /// </summary>
    /// <param name="query">A query with only its table (<c>db.From("users")</c>).</param>
    /// <param name="values">The column values.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">No values, or an invalid column name.</exception>
    /// <exception cref="InvalidOperationException">The query has clauses an INSERT cannot use.</exception>
    public static Task<int> InsertAsync(this SqlQuery query, object values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (session, statement) = query.PrepareWrite(QueryOperation.Insert, values);
        return session.ExecuteAsync(statement, cancellationToken).RowsAffectedAsync();
    }

    /// <summary>
    /// Updates the rows the query's conditions match and returns how many were affected. Values as for
    /// <see cref="InsertAsync"/>; a <see cref="Sql"/> value such as <c>$"{Sql.Identifier("n")} + {1}"</c> makes an increment.
    /// </summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="values">The column values.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">No values, or an invalid column name.</exception>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>, or a clause an UPDATE cannot use.</exception>
    public static Task<int> UpdateAsync(this SqlQuery query, object values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (session, statement) = query.PrepareWrite(QueryOperation.Update, values);
        return session.ExecuteAsync(statement, cancellationToken).RowsAffectedAsync();
    }

    /// <summary>Deletes the rows the query's conditions match and returns how many were deleted.</summary>
    /// <param name="query">A query with its table and Where conditions, or <see cref="SqlQuery.All"/>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>, or a clause a DELETE cannot use.</exception>
    public static Task<int> DeleteAsync(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (session, node, updateInstead) = query.PrepareDelete();
        return session.ExecuteAsync(updateInstead is null
            ? QueryCompiler.Default.CompileDelete(node, session.Dialect)
            : QueryCompiler.Default.CompileUpdate(node, updateInstead, session.Dialect), cancellationToken).RowsAffectedAsync();
    }

    private static (IDbSession Session, QueryNode Node) Prepared(SqlQuery query, QueryOperation operation, [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Prepare(operation, caller);
    }

    /// <summary>The statement for <paramref name="node"/>, its text from the shape cache when the shape was compiled before.</summary>
    private static Sql Compiled(QueryNode node, SqlStatementKind kind, IDbSession session) =>
        Sql.Rendered(session.Dialect, QueryShapeCache.Render(node, kind, session.Dialect));

    /// <summary><paramref name="sql"/> marked for the query cache with the tables <paramref name="node"/> reads, when <paramref name="query"/> is <see cref="SqlQuery.Cached"/>.</summary>
    internal static Sql CachedAs(this Sql sql, SqlQuery query, QueryNode node) =>
        query.Hints.TryGetValue(Caching.QueryCacheDirective.HintName, out var hint) && hint is Caching.QueryCacheDirective directive
            ? sql.WithCache(directive.With(Caching.TableReads.Of(node)))
            : sql;

    /// <summary>
    /// <see cref="FirstOrDefaultAsync{T}(SqlQuery, CancellationToken)"/> of <paramref name="query"/> compiled once, for running
    /// again with another value in place of <paramref name="key"/>; null when that would not give the same statement: a plugin
    /// may rewrite the read, the query carries hints (a cache directive, a plugin's), or the key is not one parameter of its own.
    /// </summary>
    /// <param name="query">A query whose only varying value is <paramref name="key"/>, as given to its condition.</param>
    /// <param name="key">The boxed value, as the condition holds it: it is found among the statement's values by reference.</param>
    /// <param name="caller">The public method, for the error of an unbound query.</param>
    internal static KeyLookup? FirstByKey(SqlQuery query, object key, string caller)
    {
        if (query.Hints.Count != 0 || query.RewritesReads) return null;
        var (session, node) = query.Prepare(QueryOperation.Select, caller);
        var rendered = QueryShapeCache.Render(Capped(node, 1), SqlStatementKind.Select, session.Dialect);
        var slot = -1;
        for (var i = 0; i < rendered.Values.Length; i++)
        {
            if (!ReferenceEquals(rendered.Values[i], key)) continue;
            if (slot >= 0) return null;
            slot = i;
        }
        return slot < 0 ? null : new KeyLookup(session.Dialect, rendered, slot);
    }

    private static QueryNode Capped(QueryNode node, int rows) =>
        node.Limit is { } limit && limit <= rows ? node : node with { Limit = rows };
}

/// <summary>A statement compiled once whose one varying value is a key (see <see cref="QueryExecution.FirstByKey"/>). Immutable and thread-safe.</summary>
internal sealed class KeyLookup(Dialects.SqlDialect dialect, RenderedSql rendered, int slot)
{
    /// <summary>The statement with <paramref name="key"/> in the key's place.</summary>
    public Sql For(object key)
    {
        var values = (object?[])rendered.Values.Clone();
        values[slot] = key;
        return Sql.Rendered(dialect, rendered with { Values = values });
    }
}
