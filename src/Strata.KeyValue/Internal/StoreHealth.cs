using System.Diagnostics;

namespace Strata.KeyValue.Internal;

/// <summary>The health check of a store (see <see cref="KeyValueStore.CheckHealthAsync"/>).</summary>
internal static class StoreHealth
{
    public static async Task<KeyValueHealthReport> CheckAsync(KeyValueStore store, DatabaseHealthOptions options, CancellationToken cancellationToken)
    {
        if (store.IsDisposed)
            return new KeyValueHealthReport(DatabaseHealthStatus.Unhealthy, $"The key-value store {store.Path} is closed.", store.Path, null, null, 0, ["closed"], null);
        var problems = new List<string>();
        TimeSpan? roundTrip = null;
        KeyValueStatistics? statistics = null;
        Exception? error = null;
        var unhealthy = false;
        var pending = 0;
        try
        {
            var started = Stopwatch.GetTimestamp();
            // A point read of Strata's own format record: touches the memtable or the block cache, never the caller's data.
            await store.Reserved(StoreOpener.MetaFamily).ExistsAsync("format"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            roundTrip = Stopwatch.GetElapsedTime(started);
            if (roundTrip > options.DegradedRoundTrip) problems.Add($"slow: a read took {roundTrip.Value.TotalMilliseconds:0.#} ms (over {options.DegradedRoundTrip.TotalMilliseconds:0} ms)");
            statistics = store.GetStatistics();
            if (statistics.BackgroundErrors > 0)
            {
                unhealthy = true;
                problems.Add($"RocksDB reported {statistics.BackgroundErrors} background error(s) (such as a full disk or an I/O error); writes may be refused until it is fixed and the store reopened");
            }
            if (statistics.WritesStopped)
            {
                unhealthy = true;
                problems.Add("RocksDB is refusing writes until compaction catches up (write stall)");
            }
            else if (statistics.DelayedWriteRate > 0)
            {
                problems.Add($"writes are being slowed to {statistics.DelayedWriteRate / 1024} KB/s while compaction catches up");
            }
            if (options.CheckMigrations && (store.Options.MigrationAssemblies.Count > 0 || store.Options.MigrationTypes.Count > 0))
            {
                pending = (await store.Migrator.StatusAsync(cancellationToken).ConfigureAwait(false)).Count(s => s.State == MigrationState.Pending);
                if (pending > 0) problems.Add($"{pending} migration(s) pending");
            }
        }
        catch (Exception e) when (e is DatabaseException or ObjectDisposedException or InvalidOperationException)
        {
            unhealthy = true;
            error = e;
            problems.Add($"error: {e.Message}");
        }
        var status = unhealthy ? DatabaseHealthStatus.Unhealthy : problems.Count > 0 ? DatabaseHealthStatus.Degraded : DatabaseHealthStatus.Healthy;
        var description = status == DatabaseHealthStatus.Healthy
            ? $"The key-value store {store.Path} is healthy (read in {roundTrip?.TotalMilliseconds:0.###} ms)."
            : $"The key-value store {store.Path} is {status.ToString().ToLowerInvariant()}: {string.Join("; ", problems)}.";
        return new KeyValueHealthReport(status, description, store.Path, roundTrip, statistics, pending, problems, error);
    }
}
