using StackExchange.Redis;
using Strata.Redis;

namespace Strata.Testing;

/// <summary>
/// A keyspace of its own on a real Redis server for a test or test class: a <see cref="RedisStore"/> whose key prefix (and so
/// its cache entries, sessions, limiter counters and pub/sub channels) is unique to it, and whose keys are deleted when it is
/// disposed. <c>await using var redis = await TestRedis.CreateAsync("redis://127.0.0.1:6379");</c> then use <see cref="Store"/>.
/// </summary>
/// <remarks>Safe for tests running in parallel and for several test processes on one server: each keyspace has a random prefix.</remarks>
public sealed class TestRedis : IAsyncDisposable
{
    private int _disposed;

    private TestRedis(RedisStore store, string prefix)
    {
        Store = store;
        Prefix = prefix;
    }

    /// <summary>The store, open on the test's keyspace.</summary>
    public RedisStore Store { get; }

    /// <summary>The key prefix of the test's keyspace (the URL's own prefix, then <c>strata-test:{random}:</c>).</summary>
    public string Prefix { get; }

    /// <summary>Opens a store on <paramref name="url"/> with a key prefix of its own.</summary>
    /// <param name="url">The Redis URL (<c>redis://host:6379</c>); its own <c>prefix</c>, if any, comes first.</param>
    /// <param name="cancellationToken">Cancels the first ping.</param>
    /// <exception cref="RedisConnectionFailureException">The server cannot be reached.</exception>
    public static async Task<TestRedis> CreateAsync(string url = "redis://127.0.0.1:6379", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var options = RedisOptions.Parse(url);
        var prefix = options.KeyPrefix + $"strata-test:{Guid.NewGuid():N}:";
        var store = RedisStore.Open(options with { KeyPrefix = prefix });
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TestRedis(store, prefix);
    }

    /// <summary>The keys of the test's keyspace now on the server (with their prefix), found with <c>SCAN</c> on every primary.</summary>
    /// <param name="cancellationToken">Cancels between batches.</param>
    public async Task<IReadOnlyList<string>> KeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        foreach (var server in Store.Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(Store.Options.Database, Escape(Prefix) + "*", pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
                keys.Add(key.ToString());
        }
        return keys;
    }

    /// <summary>Deletes every key of the test's keyspace and closes the store. Calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            var db = Store.Connection.GetDatabase(Store.Options.Database);
            foreach (var batch in (await KeysAsync().ConfigureAwait(false)).Chunk(100))
            {
                // One key per call: in a cluster the keys of a batch may live on different nodes.
                foreach (var key in batch) await db.KeyDeleteAsync(key).ConfigureAwait(false);
            }
        }
        finally
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The prefix with Redis glob characters escaped, for a <c>SCAN MATCH</c> pattern.</summary>
    private static string Escape(string prefix)
    {
        var escaped = new System.Text.StringBuilder(prefix.Length);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
