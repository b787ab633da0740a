using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Strata.Caching;

namespace Strata.Redis;

/// <summary>
/// The query-result cache (<see cref="RedisStore.QueryCache"/>): results of <c>.Cached(ttl)</c> queries in the store's
/// two-level cache, under a key made of the query's key and the current <em>version</em> of each table it reads.
/// </summary>
/// <remarks>
/// <para>
/// A committed write bumps the version of each table it wrote: at once in this process (before the write's call returns),
/// then in Redis (an <c>INCR</c>, whose new value is published to every instance). Readers build their key from the
/// versions they know, so after a write they look under a key no earlier reader could have filled: a load that began
/// before the commit can only store its result under the old key, which nobody reads any more. No clocks are compared.
/// </para>
/// <para>
/// Other instances learn a version from the publication (within the pub/sub delay), or by reading it again from Redis at
/// least every <see cref="VersionRefresh"/>. When Redis cannot be reached and a table's version is unknown, reads bypass
/// the cache; a write made while Redis is down invalidates this process only. Old keys expire with their time to live.
/// </para>
/// </remarks>
internal sealed partial class RedisQueryCache : IQueryResultCache, IDisposable
{
    /// <summary>How long a known version is used before it is read from Redis again.</summary>
    public static readonly TimeSpan VersionRefresh = TimeSpan.FromSeconds(5);

    // A counter that starts, when it is new (or expired), at the server's time in milliseconds, so that it never repeats a
    // value an expired counter had. Numbers are formatted with %.0f: Lua would print large ones in exponent form.
    private const string BumpScript = """
        local v = redis.call('INCR', KEYS[1])
        if v == 1 then
          local t = redis.call('TIME')
          v = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          redis.call('SET', KEYS[1], string.format('%.0f', v))
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[3] .. '=' .. string.format('%.0f', v))
        return v
        """;

    private readonly RedisStore _store;
    private readonly CacheStore _entries;
    private readonly RedisChannel _channel;
    private readonly ConcurrentDictionary<string, Version> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _databaseIds = new(StringComparer.Ordinal);
    private readonly ILogger? _logger;
    private long _localBumps;

    public RedisQueryCache(RedisStore store)
    {
        _store = store;
        _entries = new CacheStore(store, "query", "q:");
        _logger = store.Logger;
        _channel = store.Channel("qv", pattern: false);
        try
        {
            store.Connection.GetSubscriber().Subscribe(_channel, (_, message) => OnPublished(message));
        }
        catch (RedisException e)
        {
            // Versions are read again every few seconds, so a missed subscription only slows down what other instances see.
            if (_logger is not null) LogSubscribeFailed(_logger, e, _store.Options.Where);
        }
    }

    public async Task<T> GetOrLoadAsync<T>(QueryCacheRequest request, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(load);
        var versions = await VersionsAsync(request.Database, request.Tables, cancellationToken).ConfigureAwait(false);
        if (versions is null)
        {
            RedisTelemetry.CacheRead("query", hit: false);
            return await load(cancellationToken).ConfigureAwait(false);
        }
        return await _entries.RememberAsync(request.Key + ":" + versions, request.Ttl, load, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask TablesWrittenAsync(string database, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        var id = DatabaseId(database);
        // First this process: from here on its readers use keys nobody filled before the write.
        foreach (var table in tables)
        {
            var name = id + "|" + table;
            var bump = Interlocked.Increment(ref _localBumps);
            _versions.AddOrUpdate(name, static (_, b) => new Version(0, b, 0), static (_, old, b) => old with { Local = b }, bump);
        }
        var tasks = new List<Task>(tables.Count);
        foreach (var table in tables) tasks.Add(BumpAsync(id, table));
        try
        {
            await Task.WhenAll(tasks).WaitAsync(_store.Options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabaseException or TimeoutException)
        {
            if (_logger is not null) LogBumpFailed(_logger, e, string.Join(", ", tables), _store.Options.Where);
        }
    }

    private async Task BumpAsync(string id, string table)
    {
        var name = id + "|" + table;
        var result = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(BumpScript,
            [_store.Key("qv:" + id + ":" + table)],
            [(long)QueryCacheDirectiveMaxTtl.TotalMilliseconds * 2, _channel.ToString(), name])).ConfigureAwait(false);
        Learn(name, (long)result, ownWrite: true);
    }

    private static readonly TimeSpan QueryCacheDirectiveMaxTtl = TimeSpan.FromDays(1);

    /// <summary>The versions of <paramref name="tables"/> as a key suffix, or null when one is unknown and Redis cannot tell.</summary>
    private async ValueTask<string?> VersionsAsync(string database, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        if (tables.Count == 0) return "-";
        var id = DatabaseId(database);
        var now = Environment.TickCount64;
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            var name = id + "|" + table;
            if (!_versions.TryGetValue(name, out var version) || now - version.CheckedAt > (long)VersionRefresh.TotalMilliseconds)
            {
                try
                {
                    var stored = await _store.RunAsync("GET", () => _store.Db.StringGetAsync(_store.Key("qv:" + id + ":" + table)))
                        .WaitAsync(cancellationToken).ConfigureAwait(false);
                    version = Learn(name, stored.TryParse(out long value) ? value : 0, checkedAt: now);
                }
                catch (DatabaseException e)
                {
                    if (version.CheckedAt == 0 && version.Local == 0) return null;
                    if (_logger is not null) LogVersionReadFailed(_logger, e, table, _store.Options.Where);
                }
            }
            text.Append(version.Value.ToString(CultureInfo.InvariantCulture)).Append('.').Append(version.Local.ToString(CultureInfo.InvariantCulture)).Append(',');
        }
        return text.ToString();
    }

    /// <summary>
    /// Takes a version read from Redis or published by an instance: a newer value replaces the known one, and bumps made here
    /// stay, since that value may predate this process's own write. Only this process's own <c>INCR</c> result
    /// (<paramref name="ownWrite"/>) covers its bumps.
    /// </summary>
    private Version Learn(string name, long value, long? checkedAt = null, bool ownWrite = false) =>
        _versions.AddOrUpdate(name, static (_, s) => new Version(s.value, 0, s.checkedAt ?? Environment.TickCount64),
            static (_, old, s) => s.value > old.Value
                ? new Version(s.value, s.ownWrite ? 0 : old.Local, s.checkedAt ?? old.CheckedAt)
                : old with { CheckedAt = s.checkedAt ?? old.CheckedAt },
            (value, checkedAt, ownWrite));

    private void OnPublished(RedisValue message)
    {
        var text = (string?)message;
        var eq = text?.LastIndexOf('=') ?? -1;
        if (eq <= 0 || !long.TryParse(text.AsSpan(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return;
        Learn(text![..eq], value);
    }

    /// <summary>A short stable id of a database identity, for keys and messages (the identity holds host names, never a password).</summary>
    private string DatabaseId(string database) =>
        _databaseIds.GetOrAdd(database, static d => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d)))[..16]);

    public void Dispose()
    {
        try
        {
            _store.Connection.GetSubscriber().Unsubscribe(_channel);
        }
        catch (RedisException)
        {
            // Closing: the subscription ends with the connection.
        }
        _entries.Dispose();
    }

    /// <summary>A table's version: the value from Redis, a bump made here since (0 for none), and when it was last read from Redis.</summary>
    private readonly record struct Version(long Value, long Local, long CheckedAt);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The query cache could not subscribe to version changes at {Endpoints}; other instances' writes reach it within the refresh interval only")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error, string endpoints);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "The query cache could not record writes to {Tables} in Redis at {Endpoints}: this process no longer reads the old results, other instances may until their time to live")]
    private static partial void LogBumpFailed(ILogger logger, Exception error, string tables, string endpoints);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "The query cache could not read the version of {Table} from Redis at {Endpoints}; using the last known one")]
    private static partial void LogVersionReadFailed(ILogger logger, Exception error, string table, string endpoints);
}
