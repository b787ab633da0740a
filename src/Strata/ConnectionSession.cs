using Strata.Replicas;

namespace Strata;

/// <summary>
/// A session that keeps one connection from <see cref="IDatabase.OpenSessionAsync"/> until it is disposed.
/// Session state set by one command (<c>SET</c>, <c>PRAGMA</c>, advisory locks, temporary tables) is there
/// for the next, which a pooled <see cref="Database"/> cannot promise.
/// </summary>
/// <remarks>
/// Owns one connection: run its commands one after another, never concurrently. A transaction started on it
/// runs on the same connection, and while it is open the session's own commands join it; the connection
/// stays with the session when the transaction ends. Disposing the session rolls back a transaction still
/// open and returns the connection to the pool.
/// </remarks>
public sealed class ConnectionSession : SessionBase, IAsyncDisposable
{
    private Transaction? _transaction;
    private int _disposed;

    internal ConnectionSession(Database owner, Lease lease) : base(owner) => Lease = lease with { Owned = false };

    internal Lease Lease { get; }

    /// <inheritdoc />
    public override Transaction? CurrentTransaction => _transaction is { IsActive: true } tx ? tx : null;

    private protected override ValueTask<Lease> AcquireAsync(CommandRoute route, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Lease>(CurrentTransaction is { } tx ? tx.Lease : Lease);
    }

    private protected override ValueTask ReleaseAsync(Lease lease) => default;

    /// <inheritdoc />
    /// <remarks>The transaction runs on this session's connection; while one is open, this becomes a savepoint in it.</remarks>
    public override Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (CurrentTransaction is { } open) return open.TransactionAsync(work, options, cancellationToken);
        return Owner.RunTransactionAsync(work, options ?? TransactionOptions.Default, this, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The transaction runs on this session's connection; while one is open, this starts a savepoint in it.</remarks>
    public override Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (CurrentTransaction is { } open) return open.BeginTransactionAsync(options, cancellationToken);
        options ??= TransactionOptions.Default;
        return Owner.BeginRootAsync(options, this, Owner.BeginTransactionMark(options), cancellationToken);
    }

    internal void Track(Transaction transaction) => _transaction = transaction;

    /// <summary>Rolls back a transaction still open, then returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (_transaction is { } tx) await tx.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await Owner.CloseLeaseAsync(Lease with { Owned = true }).ConfigureAwait(false);
        }
    }
}
