using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Strata.Bulk;
using Strata.Diagnostics;
using Strata.Dialects;
using Strata.Mapping;
using Strata.Replicas;

namespace Strata;

/// <summary>
/// The shared implementation of <see cref="IDbSession"/> behind <see cref="Database"/> and
/// <see cref="Transaction"/>: every call leases a connection, runs through the command pipeline and
/// maps the results. Not meant to be derived from outside Strata.
/// </summary>
/// <remarks>
/// With read replicas, each method decides where its command goes before it leases a connection (see
/// <see cref="Database"/>). That decision runs in the method's synchronous start, in the caller's own frame, so the
/// read-your-writes mark a write leaves is seen by the caller's later reads.
/// </remarks>
public abstract partial class SessionBase : IDbSession
{
    private protected SessionBase(Database? owner) => Owner = owner ?? (Database)this;

    /// <summary>The database this session belongs to.</summary>
    internal Database Owner { get; }

    /// <inheritdoc />
    public SqlDialect Dialect => Owner.Driver.Dialect;

    /// <inheritdoc />
    public IDatabase Database => Owner;

    /// <inheritdoc />
    public abstract Transaction? CurrentTransaction { get; }

    internal CommandPipeline Pipeline => Owner.Commands;

    /// <summary>The command timeout in seconds for this session, or null for the database default.</summary>
    private protected virtual int? TimeoutSeconds => null;

    /// <summary>True when reads through this session may go to a replica: the database and its views, not a transaction or a pinned session.</summary>
    private protected virtual bool ReadsMayUseReplica => false;

    private protected abstract ValueTask<Lease> AcquireAsync(CommandRoute route, CancellationToken cancellationToken);

    private protected abstract ValueTask ReleaseAsync(Lease lease);

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default) =>
        sql?.CacheDirective is null
            ? QueryCoreAsync<T>(sql!, cancellationToken)
            : CachedAsync(sql, "list:" + typeof(T).FullName, static (session, plain, ct) => session.QueryCoreAsync<T>(plain, ct), cancellationToken);

    private Task<IReadOnlyList<T>> QueryCoreAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken) =>
        RunAsync(sql, CommandKind.Query, ReplicaRouting.Route(this, sql, reads: true), Pipeline.Mapping, [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<IReadOnlyList<T>> (command, mapping, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return (IReadOnlyList<T>)list;
                var map = RowMapper<T>.Get(reader, mapping, command.CommandText);
                do list.Add(map(reader));
                while (await reader.ReadAsync(ct).ConfigureAwait(false));
                return list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<T?> QueryFirstOrDefaultAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default) =>
        sql?.CacheDirective is null
            ? QueryFirstOrDefaultCoreAsync<T>(sql!, cancellationToken)
            : CachedAsync(sql, "first:" + typeof(T).FullName, static (session, plain, ct) => session.QueryFirstOrDefaultCoreAsync<T>(plain, ct), cancellationToken);

    private Task<T?> QueryFirstOrDefaultCoreAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken) =>
        RunAsync(sql, CommandKind.Query, ReplicaRouting.Route(this, sql, reads: true), Pipeline.Mapping, [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<T?> (command, mapping, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? RowMapper<T>.Get(reader, mapping, command.CommandText)(reader) : default;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<T> QuerySingleAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default) =>
        sql?.CacheDirective is null
            ? QuerySingleCoreAsync<T>(sql!, cancellationToken)
            : CachedAsync(sql, "single:" + typeof(T).FullName, static (session, plain, ct) => session.QuerySingleCoreAsync<T>(plain, ct), cancellationToken);

    private Task<T> QuerySingleCoreAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken) =>
        RunAsync(sql, CommandKind.Query, ReplicaRouting.Route(this, sql, reads: true), Pipeline.Mapping, [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<T> (command, mapping, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new InvalidOperationException("QuerySingleAsync expected exactly one row but the query returned none. Use QueryFirstOrDefaultAsync when no row is a valid answer.");
                var row = RowMapper<T>.Get(reader, mapping, command.CommandText)(reader);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new InvalidOperationException("QuerySingleAsync expected exactly one row but the query returned more than one. Narrow the WHERE clause, or use QueryAsync or QueryFirstOrDefaultAsync.");
                return row;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ExecuteResult> ExecuteAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        if (Recording is { } recording)
        {
            // A dry run: the statement is written down instead of sent (queries still run, inside a transaction rolled back at the end).
            ArgumentNullException.ThrowIfNull(sql);
            lock (recording) recording.Add(sql.Render(Dialect).Text);
            return Task.FromResult(default(ExecuteResult));
        }
        return ReplicaRouting.AsWrite(Owner, ReplicaRouting.Route(this, sql, reads: false).Mark, ExecuteCoreAsync(sql, cancellationToken).AsTask());
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a statement, written out so that the dialect's last-insert-id hooks run around the driver call
    /// in this method's own state machine: a statement costs no allocation beyond the driver's. A write runs on the primary (or
    /// the session's connection), so there is no replica to fall back from.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExecuteResult> ExecuteCoreAsync(Sql sql, CancellationToken cancellationToken)
    {
        // As lean as RunOnceAsync, for the same reason.
        var acquiring = AcquireAsync(CommandRoute.Primary, cancellationToken);
        var lease = acquiring.IsCompletedSuccessfully ? acquiring.Result : await acquiring.AsTask().ConfigureAwait(false);
        DbCommand? command = null;
        try
        {
            command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds);
            var beginning = Pipeline.BeginAsync(this, command, CommandKind.Execute, cancellationToken);
            var execution = beginning.IsCompletedSuccessfully ? beginning.Result : await beginning.AsTask().ConfigureAwait(false);
            var dialect = Dialect;
            ExecuteResult result;
            try
            {
                await dialect.PrepareRepeatedAsync(command, cancellationToken).ConfigureAwait(false);
                var before = dialect.CaptureInsertState(command);
                var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                result = new ExecuteResult(rows, dialect.ReadLastInsertId(command, rows, before));
            }
            catch (Exception e)
            {
                await Pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await Pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            command?.Dispose();
            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A read marked <see cref="Sql.Cached"/>: through the database's query cache, or straight to the database inside a
    /// transaction that has written one of the tables it reads.
    /// </summary>
    private Task<TResult> CachedAsync<TResult>(Sql sql, string shape, Func<SessionBase, Sql, CancellationToken, Task<TResult>> run, CancellationToken cancellationToken)
    {
        var directive = sql.CacheDirective!;
        var plain = sql.WithCache(null);
        var writes = Owner.Writes;
        if (writes.Cache is not { } cache)
            throw new InvalidOperationException(
                $"This query is marked Cached, but {Owner} has no query cache: set DatabaseOptions.QueryCache (for Redis, to RedisStore.QueryCache) when opening it, or remove Cached().");
        if (CurrentTransaction is { } tx && tx.Root.HasWritten(directive.Tables)) return run(this, plain, cancellationToken);
        var rendered = plain.Render(Dialect);
        var request = new Caching.QueryCacheRequest(writes.Identity, shape, rendered.Text, rendered.Values, directive.Tables, directive.Ttl);
        return cache.GetOrLoadAsync(request, ct => run(this, plain, ct), cancellationToken);
    }

    /// <summary>Where a dry run writes down the statements <see cref="ExecuteAsync"/> would send, or null when they are sent.</summary>
    private protected virtual List<string>? Recording => CurrentTransaction?.RecordedStatements;

    /// <inheritdoc />
    public Task<T?> ScalarAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default) =>
        sql?.CacheDirective is null
            ? ScalarCoreAsync<T>(sql!, cancellationToken)
            : CachedAsync(sql, "scalar:" + typeof(T).FullName, static (session, plain, ct) => session.ScalarCoreAsync<T>(plain, ct), cancellationToken);

    private Task<T?> ScalarCoreAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken) =>
        ColumnConverters.IsCollection(typeof(T))
            ? RunAsync(sql, CommandKind.Scalar, ReplicaRouting.Route(this, sql, reads: true), Pipeline.Mapping, [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<T?> (command, mapping, ct) =>
            {
                // A collection is read as the row mapper reads it, with the driver's typed getter: ExecuteScalar gives an array
                // column the driver's default type, which cannot hold NULL elements of a value type (int?[]).
                var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(ct).ConfigureAwait(false) && reader.FieldCount > 0 && !reader.IsDBNull(0)
                        ? RowMapper<T>.Get(reader, mapping, command.CommandText)(reader)
                        : default;
                }
            }, cancellationToken)
            : RunAsync(sql, CommandKind.Scalar, ReplicaRouting.Route(this, sql, reads: true), Pipeline.Mapping, [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<T?> (command, mapping, ct) =>
            {
                var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return value is null or DBNull ? default : mapping.Convert<T>(value);
            }, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default) =>
        StreamCoreAsync<T>(sql, ReplicaRouting.Route(this, sql, reads: true), cancellationToken);

    private async IAsyncEnumerable<T> StreamCoreAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, RouteDecision route, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var (lease, command, reader) = await OpenReaderAsync(sql, CommandKind.Stream, route.Route, multipleStatements: false, cancellationToken).ConfigureAwait(false);
            try
            {
                await using (command.ConfigureAwait(false))
                await using (reader.ConfigureAwait(false))
                {
                    Func<DbDataReader, T>? map = null;
                    while (true)
                    {
                        // Npgsql and MySqlConnector answer ReadAsync from their buffer without looking at the token, so a
                        // cancelled enumeration would otherwise run on to the last buffered row.
                        cancellationToken.ThrowIfCancellationRequested();
                        bool more;
                        try
                        {
                            more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (CommandPipeline.IsDriverError(e))
                        {
                            throw Pipeline.Translate(e, command.CommandText);
                        }
                        if (!more) break;
                        map ??= RowMapper<T>.Get(reader, Pipeline.Mapping, command.CommandText);
                        yield return map(reader);
                    }
                }
            }
            finally
            {
                await ReleaseAsync(lease).ConfigureAwait(false);
            }
        }
        finally
        {
            ReplicaRouting.EndWrite(Owner, route);
        }
    }

    /// <inheritdoc />
    public Task<RowReader> QueryRowsAsync(Sql sql, CancellationToken cancellationToken = default) =>
        QueryRowsCoreAsync(sql, ReplicaRouting.Route(this, sql, reads: true), cancellationToken);

    private async Task<RowReader> QueryRowsCoreAsync(Sql sql, RouteDecision route, CancellationToken cancellationToken)
    {
        try
        {
            var (lease, command, reader) = await OpenReaderAsync(sql, CommandKind.Stream, route.Route, multipleStatements: false, cancellationToken).ConfigureAwait(false);
            try
            {
                return new RowReader(this, lease, command, reader, cancellationToken);
            }
            catch
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await command.DisposeAsync().ConfigureAwait(false);
                await ReleaseAsync(lease).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            ReplicaRouting.EndWrite(Owner, route);
        }
    }

    /// <inheritdoc />
    public Task<ResultSetReader> QueryMultipleAsync(Sql sql, CancellationToken cancellationToken = default) =>
        QueryMultipleCoreAsync(sql, ReplicaRouting.Route(this, sql, reads: true), cancellationToken);

    private async Task<ResultSetReader> QueryMultipleCoreAsync(Sql sql, RouteDecision route, CancellationToken cancellationToken)
    {
        try
        {
            var (lease, command, reader) = await OpenReaderAsync(sql, CommandKind.Multiple, route.Route, multipleStatements: true, cancellationToken).ConfigureAwait(false);
            return new ResultSetReader(this, lease, command, reader);
        }
        finally
        {
            ReplicaRouting.EndWrite(Owner, route);
        }
    }

    /// <inheritdoc />
    public Task<PreparedStatement> PrepareAsync(Sql sql, CancellationToken cancellationToken = default) =>
        PrepareCoreAsync(sql, ReplicaRouting.Route(this, sql, reads: false), cancellationToken);

    private async Task<PreparedStatement> PrepareCoreAsync(Sql sql, RouteDecision route, CancellationToken cancellationToken)
    {
        Lease lease;
        try
        {
            lease = await AcquireAsync(CommandRoute.Primary, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReplicaRouting.EndWrite(Owner, route);
            throw;
        }
        DbCommand? command = null;
        try
        {
            command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds);
            try
            {
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CommandPipeline.IsDriverError(e))
            {
                throw Pipeline.Translate(e, command.CommandText);
            }
            return new PreparedStatement(this, lease, command);
        }
        catch
        {
            if (command is not null) await command.DisposeAsync().ConfigureAwait(false);
            await ReleaseAsync(lease).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ReplicaRouting.EndWrite(Owner, route);
        }
    }

    /// <inheritdoc />
    public Task<long> BulkInsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default) =>
        ReplicaRouting.AsWrite(Owner, ReplicaRouting.BeginWrite(Owner), BulkInsertRunner.InsertEntitiesAsync(this, null, rows, options, cancellationToken));

    /// <inheritdoc />
    public Task<long> BulkInsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string table, IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ReplicaRouting.AsWrite(Owner, ReplicaRouting.BeginWrite(Owner), BulkInsertRunner.InsertEntitiesAsync(this, table, rows, options, cancellationToken));
    }

    /// <inheritdoc />
    public Task<long> BulkInsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, BulkInsertOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ReplicaRouting.AsWrite(Owner, ReplicaRouting.BeginWrite(Owner), BulkInsertRunner.InsertArraysAsync(this, table, columns, rows, options, cancellationToken));

    /// <inheritdoc />
    public Task<long> BulkInsertAsync(string table, IReadOnlyList<string> columns, Bulk.BulkRowSource rows, BulkInsertOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ReplicaRouting.AsWrite(Owner, ReplicaRouting.BeginWrite(Owner), BulkInsertRunner.InsertTypedAsync(this, table, columns, rows, options, cancellationToken));

    /// <inheritdoc />
    public SqlQuery From(string table)
    {
        ReplicaRouting.Touch(Owner);
        return new(this, table);
    }

    /// <inheritdoc />
    public SqlQuery From(string table, string tableAlias)
    {
        ArgumentNullException.ThrowIfNull(tableAlias);
        ReplicaRouting.Touch(Owner);
        return new(this, table, tableAlias);
    }

    /// <inheritdoc />
    public SqlQuery<T> From<[DynamicallyAccessedMembers(MappedMembers.Types)] T>()
    {
        ReplicaRouting.Touch(Owner);
        return new(this, null, Pipeline.Convention);
    }

    /// <inheritdoc />
    public SqlQuery<T> From<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ReplicaRouting.Touch(Owner);
        return new(this, table, Pipeline.Convention);
    }

    /// <inheritdoc />
    /// <remarks>Its reads (introspection) go to the primary, where its DDL runs: a replica may not have replayed the last change yet.</remarks>
    public SchemaBuilder Schema
    {
        get
        {
            ReplicaRouting.Touch(Owner);
            return new(Owner.Replicas is null || !ReadsMayUseReplica ? this : new SessionView(this, timeoutSeconds: null, onPrimary: true));
        }
    }

    /// <inheritdoc />
    public IDbSession WithCommandTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A command timeout must not be negative.");
        return new SessionView(this, (int)Math.Ceiling(timeout.TotalSeconds), onPrimary: false);
    }

    /// <inheritdoc />
    public IDbSession OnPrimary() => new SessionView(this, timeoutSeconds: null, onPrimary: true);

    /// <inheritdoc />
    public Task TransactionAsync(Func<Transaction, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionAsync<bool>(async tx => { await work(tx).ConfigureAwait(false); return true; }, options, cancellationToken);
    }

    /// <inheritdoc />
    public abstract Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public Task<int> ExecuteScriptAsync(string script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Scripts.SqlScriptRunner.RunAsync(this, script, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> ExecuteScriptFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var script = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
        return await Scripts.SqlScriptRunner.RunAsync(this, script, full, cancellationToken).ConfigureAwait(false);
    }

    internal ValueTask ReleaseLeaseAsync(Lease lease) => ReleaseAsync(lease);

    /// <summary>A connection on the primary (or the session's own), for work that is never a plain read.</summary>
    internal ValueTask<Lease> AcquireLeaseAsync(CancellationToken cancellationToken) => AcquireAsync(CommandRoute.Primary, cancellationToken);

    internal ValueTask<Lease> AcquireRoutedAsync(CommandRoute route, CancellationToken cancellationToken) => AcquireAsync(route, cancellationToken);

    /// <summary>This session's own command timeout, or null for the database default (for views over it).</summary>
    internal int? OwnTimeoutSeconds => TimeoutSeconds;

    /// <summary>Whether reads through this session may go to a replica (for views over it).</summary>
    internal bool MayReadFromReplica => ReadsMayUseReplica;

    /// <summary>The command timeout in seconds this session's commands get.</summary>
    internal int CommandTimeoutSeconds => TimeoutSeconds ?? Pipeline.DefaultTimeoutSeconds;

    /// <summary>Where a dry run writes statements down, or null when they are sent.</summary>
    internal List<string>? DryRunRecording => Recording;

    /// <summary>
    /// Leases a connection, runs one command through the pipeline, and returns the connection. A read whose replica
    /// connection fails is run again elsewhere: nothing of it reached the caller, and a replica cannot have changed data.
    /// </summary>
    private Task<TResult> RunAsync<TState, TResult>(Sql sql, CommandKind kind, RouteDecision route, TState state,
        Func<DbCommand, TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken) =>
        route.Route == CommandRoute.Replica
            ? RunOnReplicaAsync(sql, kind, state, run, cancellationToken)
            : ReplicaRouting.AsWrite(Owner, route.Mark, RunOnceAsync(sql, kind, CommandRoute.Primary, state, run, null, cancellationToken).AsTask());

    private async Task<TResult> RunOnReplicaAsync<TState, TResult>(Sql sql, CommandKind kind, TState state,
        Func<DbCommand, TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken)
    {
        var leased = new LeasedReplica();
        for (var attempt = 0; ; attempt++)
        {
            // Set once the attempt has its connection: a failure to get one is not a replica's to answer for.
            leased.Replica = null;
            try
            {
                return await RunOnceAsync(sql, kind, CommandRoute.Replica, state, run, leased, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionFailureException e) when (leased.Replica is { } replica && attempt < Owner.Replicas!.Count)
            {
                Owner.Replicas.ReportFailure(replica, e);
            }
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> on one connection. Once the driver waits for the server this state machine is boxed, so it is what
    /// every command costs beyond the driver's own allocations, and it holds little: the steps that seldom wait (the lease, the
    /// interceptors' before hooks) are awaited as tasks only when they do wait, and the command is disposed synchronously (no
    /// driver's command needs more). Its box, and those of the operations it runs, come from the runtime's pool
    /// (<see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/>): each value task is awaited, or turned into a task, exactly once.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> RunOnceAsync<TState, TResult>(Sql sql, CommandKind kind, CommandRoute route, TState state,
        Func<DbCommand, TState, CancellationToken, ValueTask<TResult>> run, LeasedReplica? leased, CancellationToken cancellationToken)
    {
        var acquiring = AcquireAsync(route, cancellationToken);
        var lease = acquiring.IsCompletedSuccessfully ? acquiring.Result : await acquiring.AsTask().ConfigureAwait(false);
        leased?.Replica = lease.Replica;
        DbCommand? command = null;
        try
        {
            command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds);
            var beginning = Pipeline.BeginAsync(this, command, kind, cancellationToken);
            var execution = beginning.IsCompletedSuccessfully ? beginning.Result : await beginning.AsTask().ConfigureAwait(false);
            TResult result;
            try
            {
                await Dialect.PrepareRepeatedAsync(command, cancellationToken).ConfigureAwait(false);
                result = await run(command, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await Pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await Pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            command?.Dispose();
            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    /// <summary>The replica a routed command's last lease came from (null for the primary), for deciding whether to try again.</summary>
    private sealed class LeasedReplica
    {
        public Replica? Replica;
    }

    /// <summary>Leases a connection and opens a reader on it, running a read again elsewhere when its replica connection fails.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(Lease Lease, DbCommand Command, DbDataReader Reader)> OpenReaderAsync(Sql sql, CommandKind kind, CommandRoute route,
        bool multipleStatements, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lease = await AcquireAsync(route, cancellationToken).ConfigureAwait(false);
            DbCommand? command = null;
            DbDataReader? reader = null;
            try
            {
                command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds, multipleStatements);
                var execution = await Pipeline.BeginAsync(this, command, kind, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!multipleStatements) await Dialect.PrepareRepeatedAsync(command, cancellationToken).ConfigureAwait(false);
                    reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    await Pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                    throw;
                }
                await Pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
                return (lease, command, reader);
            }
            catch (Exception e)
            {
                if (reader is not null) await reader.DisposeAsync().ConfigureAwait(false);
                if (command is not null) await command.DisposeAsync().ConfigureAwait(false);
                await ReleaseAsync(lease).ConfigureAwait(false);
                if (e is not ConnectionFailureException failure || lease.Replica is not { } replica || attempt >= Owner.Replicas!.Count) throw;
                Owner.Replicas.ReportFailure(replica, failure);
            }
        }
    }
}

/// <summary>A connection leased for one call, with the transaction commands must join, and the replica it came from (null for the primary).</summary>
internal readonly record struct Lease(DbConnection Connection, DbTransaction? Transaction, bool Owned, Replica? Replica = null);
