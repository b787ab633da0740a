using Strata.Dialects;

namespace Strata;

/// <summary>
/// One migration run's hold on the database: a pinned connection, the migration lock taken on it in the dialect's way,
/// and the session migrations run through. Disposing releases the lock (commits the run on SQLite) and the connection.
/// </summary>
internal sealed class MigrationRun : IAsyncDisposable
{
    private readonly ConnectionSession _pinned;
    private readonly IAsyncDisposable? _prepared;
    private readonly Func<ValueTask>? _release;
    private readonly Transaction? _exclusive;

    private MigrationRun(ConnectionSession pinned, IAsyncDisposable? prepared, IDbSession session, Func<ValueTask>? release, Transaction? exclusive)
    {
        _pinned = pinned;
        _prepared = prepared;
        Session = session;
        _release = release;
        _exclusive = exclusive;
    }

    /// <summary>Where migrations run: the pinned session, or the run's exclusive transaction on SQLite.</summary>
    public IDbSession Session { get; }

    /// <summary>True when each migration runs in a savepoint of the run's own transaction.</summary>
    public bool InRunTransaction => _exclusive is not null;

    public static async Task<MigrationRun> StartAsync(IDatabase database, MigrationOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var pinned = await database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? prepared = null;
        try
        {
            var dialect = pinned.Dialect;
            prepared = await dialect.PrepareMigrationSessionAsync(pinned, cancellationToken).ConfigureAwait(false);
            var name = options.HistoryTable;
            var deadline = time.GetUtcNow() + options.LockTimeout;
            switch (options.LockKind ?? dialect.MigrationLock)
            {
                case MigrationLockKind.Advisory:
                    while (!await dialect.TryAcquireAdvisoryLockAsync(pinned, name, cancellationToken).ConfigureAwait(false))
                        await WaitOrTimeOutAsync(deadline, options, database, time, cancellationToken).ConfigureAwait(false);
                    return new MigrationRun(pinned, prepared, pinned, () => new ValueTask(dialect.ReleaseAdvisoryLockAsync(pinned, name, CancellationToken.None)), null);
                case MigrationLockKind.ExclusiveTransaction:
                    while (true)
                    {
                        try
                        {
                            var tx = await pinned.BeginTransactionAsync(new TransactionOptions { Mode = TransactionMode.Immediate }, cancellationToken).ConfigureAwait(false);
                            return new MigrationRun(pinned, prepared, tx, null, tx);
                        }
                        catch (DatabaseException e) when (e.IsTransient)
                        {
                            await WaitOrTimeOutAsync(deadline, options, database, time, cancellationToken).ConfigureAwait(false);
                        }
                    }
                default:
                    var row = await LockRow.AcquireAsync(database, options, time, () => WaitOrTimeOutAsync(deadline, options, database, time, cancellationToken), cancellationToken).ConfigureAwait(false);
                    return new MigrationRun(pinned, prepared, pinned, row.DisposeAsync, null);
            }
        }
        catch
        {
            if (prepared is not null) await prepared.DisposeAsync().ConfigureAwait(false);
            await pinned.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WaitOrTimeOutAsync(DateTimeOffset deadline, MigrationOptions options, IDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() >= deadline)
            throw new MigrationException(
                $"Another migration runner held the migration lock '{options.HistoryTable}' on {database} for the whole lock timeout ({options.LockTimeout.TotalSeconds:0.#} s). " +
                "Wait for it to finish, or raise MigrationOptions.LockTimeout. A runner that died releases the lock with its connection (or when its lock row expires).");
        // Jittered, so runners waiting together do not retry in step.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 200)), time, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_exclusive is { IsActive: true }) await _exclusive.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (_exclusive is not null) await _exclusive.DisposeAsync().ConfigureAwait(false);
                if (_release is not null) await _release().ConfigureAwait(false);
                if (_prepared is not null) await _prepared.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await _pinned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
