using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// One Redis deployment (a server or a cluster) opened by URL: <c>await using var redis = RedisStore.Open("redis://127.0.0.1:6379?prefix=app:")</c>.
/// It owns one StackExchange.Redis multiplexer, shared by everything built on it: <see cref="Cache"/>, <see cref="QueryCache"/>,
/// <see cref="PubSub"/>, <see cref="CreateSessionStore"/> and <see cref="CreateRateLimiter"/>.
/// </summary>
/// <remarks>
/// Thread-safe; create one per deployment and prefix for the life of the application. Opening does not fail when Redis is
/// down: the store connects (and reconnects) in the background, and commands fail with
/// <see cref="RedisConnectionFailureException"/> while no connection is open (they are not queued). Every key, scan pattern and
/// channel gets <see cref="RedisOptions.KeyPrefix"/>.
/// </remarks>
public sealed partial class RedisStore : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly CacheStore _cache;
    private readonly Lazy<RedisQueryCache> _queryCache;
    private readonly Lazy<RedisPubSub> _pubSub;
    private int _disposed;

    private RedisStore(RedisOptions options, ConnectionMultiplexer connection)
    {
        Options = options;
        _connection = connection;
        Logger = options.LoggerFactory?.CreateLogger("Strata.Redis");
        // Built now, not on first use: FusionCache subscribes its backplane synchronously, and a first use from many
        // thread-pool callers at once would block them all on that subscription until the pool grew (seconds).
        _cache = new CacheStore(this);
        _queryCache = new Lazy<RedisQueryCache>(() => new RedisQueryCache(this));
        _pubSub = new Lazy<RedisPubSub>(() => new RedisPubSub(this));
        connection.ConnectionFailed += (_, e) =>
        {
            if (Logger is null) return;
            var endpoint = e.EndPoint?.ToString() ?? Options.Where;
            LogConnectionFailed(Logger, endpoint, e.FailureType);
        };
        connection.ConnectionRestored += (_, e) =>
        {
            if (Logger is null) return;
            var endpoint = e.EndPoint?.ToString() ?? Options.Where;
            LogConnectionRestored(Logger, endpoint);
        };
    }

    /// <summary>Opens the store at <paramref name="url"/>; see <see cref="RedisOptions"/> for the URL's form.</summary>
    /// <param name="url">The Redis URL.</param>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed; the message says what to change.</exception>
    public static RedisStore Open(string url) => Open(RedisOptions.Parse(url));

    /// <summary>Opens the store described by <paramref name="options"/>.</summary>
    /// <param name="options">Endpoints, credentials, prefix, timeouts, cache settings.</param>
    /// <exception cref="DatabaseConfigurationException">An option is out of range; the message names it.</exception>
    /// <remarks>
    /// Waits up to <see cref="RedisOptions.ConnectTimeout"/> for a first connection, and returns either way; it also subscribes
    /// <see cref="Cache"/> to its invalidation channel. Open once at start-up, not per request: it blocks the calling thread.
    /// </remarks>
    public static RedisStore Open(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = Milliseconds(options.ConnectTimeout),
            SyncTimeout = Milliseconds(options.CommandTimeout),
            AsyncTimeout = Milliseconds(options.CommandTimeout),
            User = options.User,
            Password = options.Password,
            Ssl = options.Ssl,
            DefaultDatabase = options.Database,
            ClientName = options.ClientName,
            // A command sent while no connection is open fails at once instead of waiting for one: a cache or a rate
            // limiter has a better answer than waiting (stale values, the fail mode).
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(500),
            ConnectRetry = 1,
        };
        foreach (var endpoint in options.Endpoints) config.EndPoints.Add(endpoint);
        var connection = ConnectionMultiplexer.Connect(config);
        try
        {
            return new RedisStore(options, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The options the store was opened with (its <see cref="RedisOptions.ToString"/> hides the password).</summary>
    public RedisOptions Options { get; }

    /// <summary>The StackExchange.Redis multiplexer, for commands Strata has no method for. Keys sent through it are not prefixed.</summary>
    public IConnectionMultiplexer Connection => _connection;

    /// <summary>True while a connection to the server (every node of a cluster) is open.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>True when the endpoints are a Redis Cluster.</summary>
    public bool IsCluster => _connection.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    /// <summary>The two-level cache (memory, then Redis) with tags, fail-safe and single-flight factories.</summary>
    public CacheStore Cache => _cache;

    /// <summary>The query-result cache to set on <see cref="DatabaseOptions.QueryCache"/>, for queries marked <c>.Cached(ttl)</c>.</summary>
    public Caching.IQueryResultCache QueryCache => _queryCache.Value;

    /// <summary>Publish and subscribe, with JSON messages and pattern subscriptions.</summary>
    public RedisPubSub PubSub => _pubSub.Value;

    /// <summary>A session store with these options (prefix, time to live, user field).</summary>
    /// <param name="options">Its options; null for <see cref="SessionStoreOptions.Default"/>.</param>
    /// <exception cref="DatabaseConfigurationException">An option is out of range.</exception>
    public SessionStore CreateSessionStore(SessionStoreOptions? options = null) => new(this, options ?? SessionStoreOptions.Default);

    /// <summary>A rate limiter applying <paramref name="policy"/>.</summary>
    /// <param name="policy">Fixed window, sliding window or token bucket, with its limit.</param>
    /// <param name="options">Prefix and fail mode; null for <see cref="RedisRateLimiterOptions.Default"/>.</param>
    /// <exception cref="DatabaseConfigurationException">An option is out of range.</exception>
    public RedisRateLimiter CreateRateLimiter(RateLimitPolicy policy, RedisRateLimiterOptions? options = null) => new(this, policy, options ?? RedisRateLimiterOptions.Default);

    /// <summary>PINGs every primary and returns the slowest round trip.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="RedisConnectionFailureException">A node could not be reached.</exception>
    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default) =>
        RunAsync("PING", async () =>
        {
            var slowest = TimeSpan.Zero;
            var servers = _connection.GetServers().Where(s => !s.IsReplica).ToArray();
            if (servers.Length == 0) servers = _connection.GetServers();
            foreach (var server in servers)
            {
                var latency = await server.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (latency > slowest) slowest = latency;
            }
            return slowest;
        });

    /// <summary>A health report: reachable, round trip, cluster or not; never throws, never shows the password.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<RedisHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await PingAsync(cancellationToken).ConfigureAwait(false);
            return new RedisHealth(true, latency, Options.ToString(), IsCluster, null);
        }
        catch (Exception e) when (e is DatabaseException or OperationCanceledException)
        {
            return new RedisHealth(false, null, Options.ToString(), false, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>A description with the password hidden.</summary>
    public override string ToString() => $"RedisStore({Options})";

    /// <summary>Disposes what was built on the store, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_pubSub.IsValueCreated) await _pubSub.Value.DisposeAsync().ConfigureAwait(false);
        if (_queryCache.IsValueCreated) _queryCache.Value.Dispose();
        _cache.Dispose();
        await _connection.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    internal ILogger? Logger { get; }

    /// <summary>
    /// Awaited with the operation's name before each command <see cref="RunAsync{T}"/> sends, inside its error handling: lets
    /// the fault tests break the connection before a chosen command (Strata.FaultTests). Null otherwise.
    /// </summary>
    internal Func<string, Task>? BeforeCommand { get; set; }

    internal StackExchange.Redis.IDatabase Db => _connection.GetDatabase();

    /// <summary><paramref name="name"/> with the store's prefix.</summary>
    internal RedisKey Key(string name) => Options.KeyPrefix + name;

    /// <summary>A channel name with the store's prefix.</summary>
    internal RedisChannel Channel(string name, bool pattern) =>
        pattern ? RedisChannel.Pattern(Options.KeyPrefix + name) : RedisChannel.Literal(Options.KeyPrefix + name);

    /// <summary>Runs a command with a span, a duration measurement and Strata's exceptions.</summary>
    internal async Task<T> RunAsync<T>(string operation, Func<Task<T>> command)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var activity = RedisTelemetry.StartCommand(operation, Options);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (BeforeCommand is { } before) await before(operation).ConfigureAwait(false);
            var result = await command().ConfigureAwait(false);
            RedisTelemetry.EndCommand(activity, operation, started, null);
            return result;
        }
        catch (Exception e) when (RedisErrors.IsRedisError(e))
        {
            var error = RedisErrors.Translate(e, operation, Options.Where);
            RedisTelemetry.EndCommand(activity, operation, started, error);
            throw error;
        }
        catch (Exception e)
        {
            RedisTelemetry.EndCommand(activity, operation, started, e);
            throw;
        }
    }

    /// <summary>The primaries, for commands that go to every node (SCAN).</summary>
    internal IServer[] Primaries()
    {
        var servers = _connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToArray();
        if (servers.Length == 0) throw new RedisConnectionFailureException($"No Redis primary is connected at {Options.Where}; check that the server runs.");
        return servers;
    }

    internal EndPoint[] EndPoints => _connection.GetEndPoints();

    private static int Milliseconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Ceiling(span.TotalMilliseconds));

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Lost the Redis connection to {Endpoint} ({FailureType}); reconnecting in the background")]
    private static partial void LogConnectionFailed(ILogger logger, string endpoint, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endpoint);
}
