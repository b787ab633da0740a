using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Strata.Diagnostics;
using Strata.Replicas;

namespace Strata;

/// <summary>
/// A database transaction, or a savepoint inside one, that is also a session: commands run through
/// it join it. Commit with <see cref="CommitAsync"/>; disposing it uncommitted rolls it back.
/// </summary>
/// <remarks>
/// Owns one connection: run its commands one after another, never concurrently. Nested
/// transactions (<see cref="IDbSession.TransactionAsync(Func{Transaction, Task}, TransactionOptions?, CancellationToken)"/>
/// or <see cref="IDbSession.BeginTransactionAsync"/> on a transaction) are savepoints.
/// </remarks>
public sealed class Transaction : SessionBase, IAsyncDisposable
{
    private readonly TransactionOptions _options;
    private readonly string? _savepoint;
    private int _savepointCounter;
    private readonly bool _closesConnection;
    private TransactionState _state = TransactionState.Active;
    private readonly TransactionTrace _trace;
    private Exception? _failure;
    private int _finished;

    private FlowMark? _writeMark;

    internal Transaction(Database owner, Lease lease, TransactionOptions options, Transaction? parent = null, string? savepoint = null, bool closesConnection = true,
        TransactionTrace trace = default, FlowMark? writeMark = null)
        : base(owner)
    {
        _writeMark = writeMark;
        Lease = lease with { Owned = false };
        _closesConnection = closesConnection && parent is null;
        _options = options;
        Parent = parent;
        _savepoint = savepoint;
        _trace = trace;
    }

    internal Lease Lease { get; }

    /// <summary>This transaction's span, the parent of the commands run in it; null when nobody traces.</summary>
    internal Activity? Span => _trace.Span;

    /// <summary>The enclosing transaction when this one is a savepoint; null for a top-level transaction.</summary>
    public Transaction? Parent { get; }

    /// <summary>Where this transaction stands.</summary>
    public TransactionState State => _state;

    /// <summary>True until it is committed, rolled back or disposed.</summary>
    public bool IsActive => _state == TransactionState.Active && (Parent is null || Parent.IsActive);

    /// <inheritdoc />
    public override Transaction? CurrentTransaction => IsActive ? this : null;

    /// <summary>
    /// For a dry run: the statements <see cref="SessionBase.ExecuteAsync"/> writes down instead of sending, for this
    /// transaction and its savepoints. Null when statements are sent.
    /// </summary>
    internal List<string>? RecordedStatements
    {
        get => Parent is null ? _recorded : Parent.RecordedStatements;
        set => _recorded = value;
    }

    private List<string>? _recorded;

    /// <summary>The options it was started with.</summary>
    public TransactionOptions Options => _options;

    private protected override ValueTask<Lease> AcquireAsync(CommandRoute route, CancellationToken cancellationToken)
    {
        if (!IsActive)
            throw new InvalidOperationException($"The transaction is {_state.ToString().ToLowerInvariant()}; commands can no longer run through it. Start a new transaction.");
        return new ValueTask<Lease>(Lease);
    }

    private protected override ValueTask ReleaseAsync(Lease lease) => default;

    /// <summary>Commits the transaction (releases the savepoint for a nested one).</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <exception cref="CommitOutcomeUnknownException">The connection was lost while COMMIT was in flight and no <see cref="TransactionOptions.VerifyCommit"/> settled it.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive("commit");
        if (_savepoint is not null)
        {
            await RunControlAsync(t => t.ReleaseAsync(_savepoint, cancellationToken), "RELEASE SAVEPOINT").ConfigureAwait(false);
            _state = TransactionState.Committed;
            Finish(null);
            return;
        }
        try
        {
            await Lease.Transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
            _state = TransactionState.Committed;
            EndWriteMark();
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            var error = Pipeline.Translate(e, "COMMIT");
            if (error is not ConnectionFailureException lost)
            {
                _state = TransactionState.Failed;
                Finish(error);
                throw error;
            }
            _state = TransactionState.Unknown;
            try
            {
                await SettleUnknownCommitAsync(lost, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception unsettled)
            {
                // Verified as not committed: the work is gone, as after a failed commit.
                if (unsettled is ConnectionFailureException) _state = TransactionState.Failed;
                Finish(unsettled);
                throw;
            }
            _state = TransactionState.Committed;
        }
        Finish(null);
        await Owner.Writes.CommittedAsync(this, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SettleUnknownCommitAsync(ConnectionFailureException lost, CancellationToken cancellationToken)
    {
        var details = new DatabaseErrorDetails(lost.Dialect, lost.SqlState, lost.ErrorNumber, Sql: "COMMIT");
        if (_options.VerifyCommit is null)
            throw new CommitOutcomeUnknownException(
                "The connection was lost while COMMIT was in flight, so it is unknown whether the transaction committed. " +
                "It was not retried. Check the data, or set TransactionOptions.VerifyCommit to decide automatically.", details, lost);
        bool committed;
        try
        {
            committed = await _options.VerifyCommit(Owner, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception verifyError) when (verifyError is not OperationCanceledException)
        {
            throw new CommitOutcomeUnknownException(
                "The connection was lost while COMMIT was in flight and VerifyCommit failed too, so the outcome is unknown.", details,
                new AggregateException(lost, verifyError));
        }
        if (!committed)
        {
            // Verified as not committed: safe to run the whole transaction again.
            throw new ConnectionFailureException("The connection was lost during COMMIT and VerifyCommit found the work not committed.",
                details with { IsTransient = true }, lost);
        }
    }

    /// <summary>Rolls the transaction back (to the savepoint for a nested one).</summary>
    /// <param name="cancellationToken">Cancels the rollback.</param>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive("roll back");
        _state = TransactionState.RolledBack;
        try
        {
            if (_savepoint is not null)
                await RunControlAsync(t => t.RollbackAsync(_savepoint, cancellationToken), "ROLLBACK TO SAVEPOINT").ConfigureAwait(false);
            else
                await RunControlAsync(t => t.RollbackAsync(cancellationToken), "ROLLBACK").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Finish(e);
            throw;
        }
        Finish(null);
    }

    /// <summary>The top-level transaction this one is part of (itself when it is top-level).</summary>
    internal Transaction Root => Parent?.Root ?? this;

    private HashSet<string>? _written;
    private readonly Lock _writtenLock = new();

    /// <summary>The tables written in this top-level transaction (collected while the query cache or a listener wants them); null when none.</summary>
    internal IReadOnlyCollection<string>? WrittenTables
    {
        get
        {
            lock (_writtenLock) return _written is null ? null : [.. _written];
        }
    }

    /// <summary>Notes tables written in this (top-level) transaction, reported when it commits.</summary>
    internal void NoteWritten(IReadOnlyCollection<string> tables)
    {
        lock (_writtenLock) (_written ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(tables);
    }

    /// <summary>True when this (top-level) transaction wrote one of <paramref name="tables"/>, or wrote anything and <paramref name="tables"/> is empty (a read that named none).</summary>
    internal bool HasWritten(IReadOnlyList<string> tables)
    {
        lock (_writtenLock)
        {
            if (_written is null) return false;
            if (tables.Count == 0) return _written.Count > 0;
            foreach (var table in tables)
            {
                if (_written.Contains(table)) return true;
            }
            return false;
        }
    }

    /// <summary>Remembers why the work failed, so that the rollback that follows reports it.</summary>
    internal void RecordFailure(Exception error) => _failure ??= error;

    /// <summary>Ends the span and, for a top-level transaction, records its duration and raises its event; once.</summary>
    private void Finish(Exception? error)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        Owner.Telemetry.TransactionEnded(_trace, topLevel: Parent is null, _state, _options, error ?? _failure);
    }

    /// <inheritdoc />
    public override async Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var nested = await BeginTransactionAsync(options, cancellationToken).ConfigureAwait(false);
        await using (nested.ConfigureAwait(false))
        {
            if (nested.Span is { } span) Activity.Current = span;
            try
            {
                var result = await work(nested).ConfigureAwait(false);
                if (nested.IsActive) await nested.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception e)
            {
                nested.RecordFailure(e);
                throw;
            }
        }
    }

    /// <summary>Starts a nested transaction: a savepoint inside this one.</summary>
    /// <param name="options">Ignored except for documentation: a savepoint shares its parent's isolation.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="NotSupportedException">The database has no savepoints.</exception>
    public override async Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureActive("start a savepoint in");
        if (!Dialect.SupportsSavepoints)
            throw new NotSupportedException($"{Dialect.Name} has no savepoints, so transactions cannot be nested.");
        var name = $"strata_sp_{Depth + 1}_{++_savepointCounter}";
        var nestedOptions = options ?? _options;
        var span = Owner.Telemetry.StartTransaction(this, nestedOptions, 1);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await RunControlAsync(t => t.SaveAsync(name, cancellationToken), "SAVEPOINT").ConfigureAwait(false);
        }
        catch (Exception e) when (span is not null)
        {
            StrataTracing.Fail(span, e);
            throw;
        }
        return new Transaction(Owner, Lease, nestedOptions, this, name, trace: new TransactionTrace(span, started, 1));
    }

    private int Depth => Parent is null ? 0 : Parent.Depth + 1;

    /// <summary>Rolls back when still active, then returns the connection to the pool (top-level transactions).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsActive)
            {
                try
                {
                    await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when ((_savepoint is null || _failure is not null) && e is DatabaseException or ObjectDisposedException or InvalidOperationException)
                {
                    // A broken connection cannot roll back; closing it below ends the transaction on the server. A savepoint whose
                    // work failed lets that failure (often the same broken connection) reach the caller rather than this one.
                }
            }
            else if (_state == TransactionState.Active)
            {
                _state = TransactionState.RolledBack;
            }
        }
        finally
        {
            if (Parent is null)
            {
                EndWriteMark();
                _state = _state == TransactionState.Active ? TransactionState.RolledBack : _state;
                await Lease.Transaction!.DisposeAsync().ConfigureAwait(false);
                if (_closesConnection) await Owner.CloseLeaseAsync(Lease).ConfigureAwait(false);
            }
            Finish(null);
        }
    }

    /// <summary>Starts the read-your-writes window of the flow that began this transaction: its writes are now visible to others.</summary>
    private void EndWriteMark()
    {
        if (Interlocked.Exchange(ref _writeMark, null) is { } mark) Owner.EndWrite(mark);
    }

    private void EnsureActive(string action)
    {
        if (!IsActive)
            throw new InvalidOperationException($"Cannot {action} the transaction: it is {(_state == TransactionState.Active ? "inside a finished parent" : _state.ToString().ToLowerInvariant())}.");
    }

    private async Task RunControlAsync(Func<DbTransaction, Task> action, string sql)
    {
        try
        {
            await action(Lease.Transaction!).ConfigureAwait(false);
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            _state = TransactionState.Failed;
            throw Pipeline.Translate(e, sql);
        }
        catch (ObjectDisposedException e) when (e.InnerException is { } cause && CommandPipeline.IsDriverError(cause))
        {
            // Npgsql reports a connection the server closed as a disposed transaction wrapping the server's error.
            _state = TransactionState.Failed;
            throw Pipeline.Translate(cause, sql);
        }
        catch (InvalidOperationException e) when (Lease.Connection.State is ConnectionState.Broken or ConnectionState.Closed)
        {
            // MySqlConnector refuses a statement on a connection it found broken with InvalidOperationException.
            _state = TransactionState.Failed;
            throw Pipeline.BrokenConnection(e, sql);
        }
    }
}

/// <summary>Where a transaction stands.</summary>
public enum TransactionState
{
    /// <summary>Open: commands may run.</summary>
    Active,
    /// <summary>Committed (released, for a savepoint).</summary>
    Committed,
    /// <summary>Rolled back.</summary>
    RolledBack,
    /// <summary>A commit or rollback failed; the transaction is over.</summary>
    Failed,
    /// <summary>The connection was lost during COMMIT; the outcome is unknown.</summary>
    Unknown,
}
