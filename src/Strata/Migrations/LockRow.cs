
namespace Strata;

using Strata.Query;

/// <summary>
/// The migration lock as a row with an expiry (<c>{history}_lock</c>), for databases without advisory locks. The
/// holder renews the expiry every third of <see cref="MigrationOptions.LockRowLifetime"/>, so a live runner keeps it and
/// a killed one loses it when the row expires.
/// </summary>
internal sealed class LockRow : IAsyncDisposable
{
    private readonly IDatabase _database;
    private readonly string _table;
    private readonly string _name;
    private readonly string _owner;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private LockRow(IDatabase database, string table, string name, string owner, TimeSpan lifetime, TimeProvider time)
    {
        _database = database;
        _table = table;
        _name = name;
        _owner = owner;
        _heartbeat = RenewAsync(lifetime, time, _stop.Token);
    }

    public static async Task<LockRow> AcquireAsync(IDatabase database, MigrationOptions options, TimeProvider time, Func<Task> wait, CancellationToken cancellationToken)
    {
        var table = Strata.Schema.StrataTables.LockTable(options.HistoryTable);
        var name = options.HistoryTable;
        var owner = Guid.NewGuid().ToString("N");
        await EnsureTableAsync(database, table, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var now = time.GetUtcNow();
            try
            {
                await database.TransactionAsync(async tx =>
                {
                    await tx.From(table).Where("name", name).Where("expires_at", "<", now).DeleteAsync(cancellationToken).ConfigureAwait(false);
                    await tx.From(table).InsertAsync(MigrationHistory.Columns(("name", name), ("owner", owner), ("expires_at", now + options.LockRowLifetime)), cancellationToken).ConfigureAwait(false);
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new LockRow(database, table, name, owner, options.LockRowLifetime, time);
            }
            catch (DatabaseException e) when (e is UniqueViolationException || e.IsTransient)
            {
                await wait().ConfigureAwait(false);
            }
        }
    }

    private static async Task EnsureTableAsync(IDatabase database, string table, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await database.Schema.CreateTableIfNotExists(table, t =>
                {
                    t.String("name", 200).PrimaryKey();
                    t.String("owner", 64);
                    t.Timestamp("expires_at");
                }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DatabaseException) when (attempt < 3)
            {
                // Two runners creating the table at the same moment: one of them loses the race and tries again.
            }
        }
    }

    private async Task RenewAsync(TimeSpan lifetime, TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lifetime / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                // A waiter polling the same row can make a renewal the victim of a deadlock or a lock timeout: such a
                // renewal is tried again at once, since a whole lifetime of missed renewals hands the lock to the waiter.
                for (var attempt = 1; attempt <= 5; attempt++)
                {
                    try
                    {
                        await _database.From(_table).Where("name", _name).Where("owner", _owner)
                            .UpdateAsync(MigrationHistory.Columns(("expires_at", time.GetUtcNow() + lifetime)), stop).ConfigureAwait(false);
                        break;
                    }
                    catch (DatabaseException e) when (e.IsTransient && attempt < 5)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), time, stop).ConfigureAwait(false);
                    }
                    catch (DatabaseException)
                    {
                        // Otherwise a missed renewal is retried at the next tick; the row lapses only after a whole lifetime without one.
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        _stop.Dispose();
        await _database.From(_table).Where("name", _name).Where("owner", _owner).DeleteAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
