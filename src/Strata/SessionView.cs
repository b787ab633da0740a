using Strata.Replicas;

namespace Strata;

/// <summary>
/// A view of a session with its own command timeout (<see cref="IDbSession.WithCommandTimeout"/>) or with its reads kept
/// on the primary (<see cref="IDbSession.OnPrimary"/>). Everything else is the inner session's: its connection, its
/// transaction, its thread safety. Views of views combine.
/// </summary>
internal sealed class SessionView(SessionBase inner, int? timeoutSeconds, bool onPrimary) : SessionBase(inner.Owner)
{
    private protected override int? TimeoutSeconds => timeoutSeconds ?? inner.OwnTimeoutSeconds;

    private protected override bool ReadsMayUseReplica => !onPrimary && inner.MayReadFromReplica;

    public override Transaction? CurrentTransaction => inner.CurrentTransaction;

    private protected override ValueTask<Lease> AcquireAsync(CommandRoute route, CancellationToken cancellationToken) =>
        inner.AcquireRoutedAsync(route, cancellationToken);

    private protected override ValueTask ReleaseAsync(Lease lease) => inner.ReleaseLeaseAsync(lease);

    public override Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.TransactionAsync(work, options, cancellationToken);

    public override Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.BeginTransactionAsync(options, cancellationToken);
}
