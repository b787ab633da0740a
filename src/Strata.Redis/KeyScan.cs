using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>Finds keys by pattern with <c>SCAN</c> on every primary, in batches, and deletes them (one <c>UNLINK</c> per key, pipelined, so a cluster's slots never mix).</summary>
internal static class KeyScan
{
    private const int BatchSize = 500;

    public static Task<long> DeleteAsync(RedisStore store, string pattern, string operation, CancellationToken cancellationToken) =>
        store.RunAsync(operation, async () =>
        {
            long deleted = 0;
            var db = store.Db;
            foreach (var server in store.Primaries())
            {
                var batch = new List<RedisKey>(BatchSize);
                await foreach (var key in server.KeysAsync(store.Options.Database, pattern, pageSize: BatchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(key);
                    if (batch.Count < BatchSize) continue;
                    deleted += await DeleteBatchAsync(db, batch).ConfigureAwait(false);
                    batch.Clear();
                }
                if (batch.Count > 0) deleted += await DeleteBatchAsync(db, batch).ConfigureAwait(false);
            }
            return deleted;
        });

    /// <summary>Every key matching <paramref name="pattern"/> on every primary (for tests and tools; SCAN, never KEYS).</summary>
    public static async Task<List<RedisKey>> ListAsync(RedisStore store, string pattern, CancellationToken cancellationToken)
    {
        var keys = new List<RedisKey>();
        foreach (var server in store.Primaries())
        {
            await foreach (var key in server.KeysAsync(store.Options.Database, pattern, pageSize: BatchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
                keys.Add(key);
        }
        return keys;
    }

    private static async Task<long> DeleteBatchAsync(StackExchange.Redis.IDatabase db, List<RedisKey> keys)
    {
        var tasks = new Task<bool>[keys.Count];
        for (var i = 0; i < keys.Count; i++) tasks[i] = db.KeyDeleteAsync(keys[i], CommandFlags.None);
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.Count(r => r);
    }
}
