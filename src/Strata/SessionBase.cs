using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Strata.Bulk;
using Strata.Diagnostics;
using Strata.Dialects;
using Strata.Mapping;
using Strata.Transactions;
using StrataQuery = Strata.Query.Query;

namespace Strata;

/// <summary>
/// The shared implementation of <see cref="ISession"/> behind <see cref="Database"/> and
/// <see cref="Transaction"/>: every call leases a connection, runs through the command pipeline and
/// maps the results. Not meant to be derived from outside Strata.
/// </summary>
public abstract class SessionBase : ISession
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

    private protected abstract ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken);

    private protected abstract ValueTask ReleaseAsync(Lease lease);

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> QueryAsync<T>(Sql sql, CancellationToken cancellationToken = default) =>
        RunAsync(sql, CommandKind.Query, Pipeline.Convention, static async (command, convention, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return (IReadOnlyList<T>)list;
                var map = RowMapper<T>.Get(reader, convention);
                do list.Add(map(reader));
                while (await reader.ReadAsync(ct).ConfigureAwait(false));
                return list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<T?> QueryFirstOrDefaultAsync<T>(Sql sql, CancellationToken cancellationToken = default) =>
        RunAsync(sql, CommandKind.Query, Pipeline.Convention, static async (command, convention, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? RowMapper<T>.Get(reader, convention)(reader) : default;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<T> QuerySingleAsync<T>(Sql sql, CancellationToken cancellationToken = default) =>
        RunAsync(sql, CommandKind.Query, Pipeline.Convention, static async (command, convention, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new InvalidOperationException("QuerySingleAsync expected exactly one row but the query returned none. Use QueryFirstOrDefaultAsync when no row is a valid answer.");
                var row = RowMapper<T>.Get(reader, convention)(reader);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new InvalidOperationException("QuerySingleAsync expected exactly one row but the query returned more than one. Narrow the WHERE clause, or use QueryAsync or QueryFirstOrDefaultAsync.");
                return row;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> ExecuteAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        if (Recording is { } recording)
        {
            // A dry run: the statement is written down instead of sent (queries still run, inside a transaction rolled back at the end).
            ArgumentNullException.ThrowIfNull(sql);
            lock (recording) recording.Add(sql.Render(Dialect).Text);
            return Task.FromResult(0);
        }
        return RunAsync(sql, CommandKind.Execute, 0, static (command, _, ct) => new ValueTask<int>(command.ExecuteNonQueryAsync(ct)), cancellationToken);
    }

    /// <summary>Where a dry run writes down the statements <see cref="ExecuteAsync"/> would send, or null when they are sent.</summary>
    private protected virtual List<string>? Recording => CurrentTransaction?.RecordedStatements;

    /// <inheritdoc />
    public Task<T?> ScalarAsync<T>(Sql sql, CancellationToken cancellationToken = default) =>
        RunAsync(sql, CommandKind.Scalar, 0, static async (command, _, ct) =>
        {
            var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return value is null or DBNull ? default : ValueConverter.Convert<T>(value);
        }, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<T> StreamAsync<T>(Sql sql, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds);
            var execution = await Pipeline.BeginAsync(this, command, CommandKind.Stream, cancellationToken).ConfigureAwait(false);
            DbDataReader reader;
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await Pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await using (reader.ConfigureAwait(false))
            {
                await Pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
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
                    map ??= RowMapper<T>.Get(reader, Pipeline.Convention);
                    yield return map(reader);
                }
            }
        }
        finally
        {
            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ResultSetReader> QueryMultipleAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        DbCommand? command = null;
        try
        {
            command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds, multipleStatements: true);
            var execution = await Pipeline.BeginAsync(this, command, CommandKind.Multiple, cancellationToken).ConfigureAwait(false);
            DbDataReader reader;
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await Pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await Pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
            return new ResultSetReader(this, lease, command, reader);
        }
        catch
        {
            if (command is not null) await command.DisposeAsync().ConfigureAwait(false);
            await ReleaseAsync(lease).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<PreparedStatement> PrepareAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
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
    }

    /// <inheritdoc />
    public Task<long> BulkInsertAsync<T>(IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default) =>
        BulkInsertRunner.InsertEntitiesAsync(this, null, rows, options, cancellationToken);

    /// <inheritdoc />
    public Task<long> BulkInsertAsync<T>(string table, IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return BulkInsertRunner.InsertEntitiesAsync(this, table, rows, options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> BulkInsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, BulkInsertOptions? options = null,
        CancellationToken cancellationToken = default) =>
        BulkInsertRunner.InsertArraysAsync(this, table, columns, rows, options, cancellationToken);

    /// <inheritdoc />
    public StrataQuery From(string table) => new(this, table);

    /// <inheritdoc />
    public Strata.Query.Query<T> From<T>() => new(this, null, Pipeline.Convention);

    /// <inheritdoc />
    public Strata.Query.Query<T> From<T>(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new(this, table, Pipeline.Convention);
    }

    /// <inheritdoc />
    public global::Strata.Schema.SchemaBuilder Schema => new(this);

    /// <inheritdoc />
    public ISession WithCommandTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A command timeout must not be negative.");
        return new TimedSession(this, (int)Math.Ceiling(timeout.TotalSeconds));
    }

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

    internal ValueTask ReleaseLeaseAsync(Lease lease) => ReleaseAsync(lease);

    internal ValueTask<Lease> AcquireLeaseAsync(CancellationToken cancellationToken) => AcquireAsync(cancellationToken);

    /// <summary>The command timeout in seconds this session's commands get.</summary>
    internal int CommandTimeoutSeconds => TimeoutSeconds ?? Pipeline.DefaultTimeoutSeconds;

    /// <summary>Where a dry run writes statements down, or null when they are sent.</summary>
    internal List<string>? DryRunRecording => Recording;

    /// <summary>Leases a connection, runs one command through the pipeline, and returns the connection.</summary>
    private async Task<TResult> RunAsync<TState, TResult>(Sql sql, CommandKind kind, TState state,
        Func<DbCommand, TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken)
    {
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = Pipeline.CreateCommand(lease.Connection, lease.Transaction, sql, TimeoutSeconds);
            await using (command.ConfigureAwait(false))
            {
                var execution = await Pipeline.BeginAsync(this, command, kind, cancellationToken).ConfigureAwait(false);
                TResult result;
                try
                {
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
        }
        finally
        {
            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    /// <summary>A session view with its own command timeout.</summary>
    private sealed class TimedSession(SessionBase inner, int timeoutSeconds) : SessionBase(inner.Owner)
    {
        private protected override int? TimeoutSeconds => timeoutSeconds;

        public override Transaction? CurrentTransaction => inner.CurrentTransaction;

        private protected override ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken) => inner.AcquireAsync(cancellationToken);

        private protected override ValueTask ReleaseAsync(Lease lease) => inner.ReleaseAsync(lease);

        public override Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.TransactionAsync(work, options, cancellationToken);

        public override Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.BeginTransactionAsync(options, cancellationToken);
    }
}

/// <summary>A connection leased for one call, with the transaction commands must join.</summary>
internal readonly record struct Lease(DbConnection Connection, DbTransaction? Transaction, bool Owned);
