using StackExchange.Redis;
using Strata.Redis;

namespace Strata.Studio.Data;

/// <summary>One key under the store's prefix: its name, type and time to live (null: it does not expire).</summary>
internal sealed record RedisKeyRow(string Key, string Type, TimeSpan? TimeToLive);

/// <summary>A key's value as the page shows it: a string's text, or the first entries of a hash, list, set, sorted set or stream.</summary>
/// <param name="Key">The whole key, prefix included.</param>
/// <param name="Type">The Redis type, in words ("sorted set").</param>
/// <param name="TimeToLive">What is left of its time to live; null when it does not expire.</param>
/// <param name="Entries">Name and value of each entry shown (a list's index, a set's member alone, a sorted set's score).</param>
/// <param name="Length">How many entries the key holds in all (1 for a string).</param>
internal sealed record RedisValueView(string Key, string Type, TimeSpan? TimeToLive, IReadOnlyList<(string Name, string Value)> Entries, long Length);

/// <summary>
/// Reads the keys of a <see cref="RedisStore"/> for the Redis page, read-only: SCAN on every primary with the store's prefix
/// (never KEYS), at most <see cref="MaxKeys"/> keys and <see cref="MaxEntries"/> entries of a value, so a large keyspace or
/// value never stalls the server or the page.
/// </summary>
internal static class RedisBrowser
{
    public const int MaxKeys = 500;
    public const int MaxEntries = 200;

    /// <summary>
    /// The keys under the prefix whose rest matches <paramref name="match"/> (a Redis glob; every key when empty), sorted by
    /// name, and whether there were more than <see cref="MaxKeys"/>.
    /// </summary>
    public static async Task<(IReadOnlyList<RedisKeyRow> Keys, bool More)> ListAsync(RedisStore store, string? match, CancellationToken cancellationToken)
    {
        var pattern = store.Options.KeyPrefix + (string.IsNullOrWhiteSpace(match) ? "*" : match.Trim());
        var names = new List<RedisKey>();
        foreach (var server in store.Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(store.Options.Database, pattern, pageSize: 250).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                names.Add(key);
                if (names.Count > MaxKeys) break;
            }
            if (names.Count > MaxKeys) break;
        }
        var more = names.Count > MaxKeys;
        var shown = names.Select(k => k.ToString()).Order(StringComparer.Ordinal).Take(MaxKeys).ToList();
        var db = store.Connection.GetDatabase(store.Options.Database);
        var types = shown.Select(k => db.KeyTypeAsync(k)).ToList();
        var ttls = shown.Select(k => db.KeyTimeToLiveAsync(k)).ToList();
        await Task.WhenAll(types.Cast<Task>().Concat(ttls)).ConfigureAwait(false);
        return ([.. shown.Select((k, i) => new RedisKeyRow(k, TypeName(types[i].Result), ttls[i].Result))], more);
    }

    /// <summary>The value of <paramref name="key"/>, or null when it does not exist or lies outside the store's prefix.</summary>
    public static async Task<RedisValueView?> ReadAsync(RedisStore store, string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(store.Options.KeyPrefix, StringComparison.Ordinal)) return null;
        cancellationToken.ThrowIfCancellationRequested();
        var db = store.Connection.GetDatabase(store.Options.Database);
        var type = await db.KeyTypeAsync(key).ConfigureAwait(false);
        var ttl = await db.KeyTimeToLiveAsync(key).ConfigureAwait(false);
        IReadOnlyList<(string, string)> entries;
        long length;
        switch (type)
        {
            case RedisType.String:
                entries = [("value", (string?)await db.StringGetAsync(key).ConfigureAwait(false) ?? "")];
                length = 1;
                break;
            case RedisType.Hash:
                length = await db.HashLengthAsync(key).ConfigureAwait(false);
                entries = [.. (await db.HashScanAsync(key, pageSize: MaxEntries).Take(MaxEntries).ToListAsync(cancellationToken).ConfigureAwait(false))
                    .Select(e => ((string)e.Name!, (string?)e.Value ?? ""))];
                break;
            case RedisType.List:
                length = await db.ListLengthAsync(key).ConfigureAwait(false);
                entries = [.. (await db.ListRangeAsync(key, 0, MaxEntries - 1).ConfigureAwait(false)).Select((v, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)v ?? ""))];
                break;
            case RedisType.Set:
                length = await db.SetLengthAsync(key).ConfigureAwait(false);
                entries = [.. (await db.SetScanAsync(key, pageSize: MaxEntries).Take(MaxEntries).ToListAsync(cancellationToken).ConfigureAwait(false))
                    .Select(v => ((string?)v ?? "", ""))];
                break;
            case RedisType.SortedSet:
                length = await db.SortedSetLengthAsync(key).ConfigureAwait(false);
                entries = [.. (await db.SortedSetRangeByRankWithScoresAsync(key, 0, MaxEntries - 1).ConfigureAwait(false))
                    .Select(e => ((string?)e.Element ?? "", e.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))];
                break;
            case RedisType.Stream:
                length = await db.StreamLengthAsync(key).ConfigureAwait(false);
                entries = [.. (await db.StreamRangeAsync(key, count: MaxEntries).ConfigureAwait(false))
                    .Select(e => ((string)e.Id!, string.Join(", ", e.Values.Select(v => $"{v.Name}={v.Value}"))))];
                break;
            case RedisType.None:
                return null;
            default:
                entries = [];
                length = 0;
                break;
        }
        return new RedisValueView(key, TypeName(type), ttl, entries, length);
    }

    /// <summary>True for the failures the Redis pages show as a message: Strata's typed errors, the client's, and timeouts.</summary>
    public static bool IsRedisFailure(Exception e) => e is DatabaseException or RedisException or TimeoutException;

    private static string TypeName(RedisType type) => type switch
    {
        RedisType.SortedSet => "sorted set",
        RedisType.None => "gone",
        _ => type.ToString().ToLowerInvariant(),
    };
}
