using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Dialects;

namespace Strata;

/// <summary>
/// One migration run's hold on the database: a pinned connection, the migration lock taken on it in the dialect's way,
/// and the session migrations run through. Disposing releases the lock (commits the run on SQLite) and the connection.
/// </summary>
/// <remarks>
/// The connection comes from outside the pool where the driver can (<see cref="Providers.DatabaseDriver.OpenUnpooledConnectionAsync"/>)
/// and is closed at the end, so a lock that could not be released (the unlock command failed) ends with it instead of
/// going back to the pool with the connection. Such a failure is logged as a warning and does not fail the run: what
/// the run applied stays applied and recorded.
/// </remarks>
internal sealed partial class MigrationRun : IAsyncDisposable
{
    private readonly ConnectionSession _pinned;
    private readonly IAsyncDisposable? _prepared;
    private readonly Func<ValueTask>? _release;
    private readonly Transaction? _exclusive;
    private readonly ILogger _logger;
    private readonly string _lockName;

    private MigrationRun(ConnectionSession pinned, IAsyncDisposable? prepared, IDbSession session, Func<ValueTask>? release, Transaction? exclusive, string lockName)
    {
        _pinned = pinned;
        _prepared = prepared;
        Session = session;
        _release = release;
        _exclusive = exclusive;
        _lockName = lockName;
        _logger = (pinned.Database as Database)?.LoggerFactory?.CreateLogger("Strata.Migrations") ?? NullLogger.Instance;
    }

    /// <summary>Where migrations run: the pinned session, or the run's exclusive transaction on SQLite.</summary>
    public IDbSession Session { get; }

    /// <summary>True when each migration runs in a savepoint of the run's own transaction.</summary>
    public bool InRunTransaction => _exclusive is not null;

    public static async Task<MigrationRun> StartAsync(IDatabase database, MigrationOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var pinned = database is Database owner
            ? await owner.OpenUnpooledSessionAsync(cancellationToken).ConfigureAwait(false)
            : await database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
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
                    return new MigrationRun(pinned, prepared, pinned, () => new ValueTask(dialect.ReleaseAdvisoryLockAsync(pinned, name, CancellationToken.None)), null, name);
                case MigrationLockKind.ExclusiveTransaction:
                    while (true)
                    {
                        try
                        {
                            var tx = await pinned.BeginTransactionAsync(new TransactionOptions { Mode = TransactionMode.Immediate }, cancellationToken).ConfigureAwait(false);
                            return new MigrationRun(pinned, prepared, tx, null, tx, name);
                        }
                        catch (DatabaseException e) when (e.IsTransient)
                        {
                            await WaitOrTimeOutAsync(deadline, options, database, time, cancellationToken).ConfigureAwait(false);
                        }
                    }
                default:
                    var row = await LockRow.AcquireAsync(database, options, time, () => WaitOrTimeOutAsync(deadline, options, database, time, cancellationToken), cancellationToken).ConfigureAwait(false);
                    return new MigrationRun(pinned, prepared, pinned, row.DisposeAsync, null, name);
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
                if (_release is not null) await ReleaseAsync(_release).ConfigureAwait(false);
                if (_prepared is not null) await _prepared.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await _pinned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Releases the lock; a failure is logged, not thrown: the connection is closed next (it is not pooled), which ends a
    /// session lock, and a lock row expires. Throwing would report a run whose migrations were applied as failed.
    /// </summary>
    private async Task ReleaseAsync(Func<ValueTask> release)
    {
        try
        {
            await release().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabaseException or InvalidOperationException or NotSupportedException)
        {
            LogReleaseFailed(_logger, e, _lockName);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Releasing the migration lock '{Lock}' failed; the lock's connection is closed instead of pooled, which releases it (a lock row expires)")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string @lock);
}
