using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Strata.Redis;

/// <summary>
/// How to reach Redis and what every feature built on a <see cref="RedisStore"/> shares: endpoints, credentials, TLS,
/// database, key prefix and timeouts. Usually parsed from a URL (<see cref="Parse"/>, <see cref="FromEnvironment"/>):
/// <c>redis://[[user]:password@]host:port[,host:port…][/db]?prefix=app:&amp;connect_timeout=5s&amp;command_timeout=2s</c>,
/// <c>rediss://</c> for TLS, several hosts for a Redis Cluster.
/// </summary>
/// <remarks>
/// Immutable: change a copy with <c>with</c>. <see cref="ToString"/> and every message Strata writes show the endpoints and
/// never the password.
/// </remarks>
public sealed record RedisOptions
{
    /// <summary>The longest key prefix accepted.</summary>
    public const int MaxPrefixLength = 128;

    /// <summary>The URL options <see cref="Parse"/> understands.</summary>
    public static IReadOnlyList<string> UrlOptions { get; } = ["prefix", "connect_timeout", "command_timeout", "client_name"];

    /// <summary>The server endpoints, as <c>host:port</c>; several for a cluster (any subset of its nodes will do).</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = ["127.0.0.1:6379"];

    /// <summary>The ACL user, or null for the default user.</summary>
    public string? User { get; init; }

    /// <summary>The password, or null. Never shown: not in <see cref="ToString"/>, messages, logs, spans or health reports.</summary>
    public string? Password { get; init; }

    /// <summary>True to connect with TLS (<c>rediss://</c>).</summary>
    public bool Ssl { get; init; }

    /// <summary>The database number on a single server (0 by default); a cluster has only database 0.</summary>
    public int Database { get; init; }

    /// <summary>
    /// Put in front of every key, scan pattern and channel the store uses (<c>app:</c>): stores with different prefixes share
    /// a server without seeing each other's data. Empty for none. It must not hold the glob characters <c>* ? [ ] \</c>.
    /// </summary>
    public string KeyPrefix { get; init; } = "";

    /// <summary>How long connecting may take before the first attempt counts as failed (5 s); the store keeps reconnecting in the background.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may take before it fails with <see cref="RedisCommandTimeoutException"/> (5 s).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The connection's client name (<c>CLIENT SETNAME</c>), or null for the library's default.</summary>
    public string? ClientName { get; init; }

    /// <summary>The cache's settings (<see cref="RedisStore.Cache"/>, <see cref="RedisStore.QueryCache"/>).</summary>
    public RedisCacheOptions Cache { get; init; } = RedisCacheOptions.Default;

    /// <summary>How values become bytes for the cache, sessions and pub/sub: System.Text.Json by default.</summary>
    public IRedisSerializer Serializer { get; init; } = JsonRedisSerializer.Default;

    /// <summary>Where the store logs (categories <c>Strata.Redis</c>, <c>Strata.Redis.RateLimiting</c>, …); null for nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for expiry calculations made on the client (session expiry reports, fail-mode windows).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads <c>REDIS_URL</c> (and nothing else); <c>redis://127.0.0.1:6379</c> when it is not set.</summary>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed; the message names what.</exception>
    public static RedisOptions FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url ? url : "redis://127.0.0.1:6379");

    /// <summary>Parses a Redis URL; see the type's summary for the form.</summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="DatabaseConfigurationException">A bad scheme, host, port, database, duration, or an unknown or repeated option; the message names it (never the password).</exception>
    public static RedisOptions Parse(string url) => RedisUrl.Parse(url);

    /// <summary>Checks the values, naming the first one that is wrong and how to fix it.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is missing or out of range.</exception>
    public void Validate()
    {
        static DatabaseConfigurationException Bad(string name, object? value, string rule) => new($"Redis {name} ({value}) {rule}.");
        if (Endpoints is null || Endpoints.Count == 0) throw Bad(nameof(Endpoints), "none", "must name at least one host:port, as in redis://127.0.0.1:6379");
        foreach (var endpoint in Endpoints) RedisUrl.CheckEndpoint(endpoint);
        if (Database is < 0 or > 15_999) throw Bad(nameof(Database), Database, "must be a database number from 0");
        if (Database != 0 && Endpoints.Count > 1) throw Bad(nameof(Database), Database, "must be 0 with several endpoints: a Redis Cluster has only database 0");
        CheckPrefix(KeyPrefix);
        if (ConnectTimeout <= TimeSpan.Zero) throw Bad(nameof(ConnectTimeout), ConnectTimeout, "must be positive");
        if (CommandTimeout <= TimeSpan.Zero) throw Bad(nameof(CommandTimeout), CommandTimeout, "must be positive");
        if (Serializer is null) throw Bad(nameof(Serializer), "null", "must be set; JsonRedisSerializer.Default is the default");
        (Cache ?? throw Bad(nameof(Cache), "null", "must be set; RedisCacheOptions.Default is the default")).Validate();
    }

    /// <summary>Checks a key prefix: at most <see cref="MaxPrefixLength"/> characters, no glob characters, no whitespace.</summary>
    /// <exception cref="DatabaseConfigurationException">The prefix is not usable.</exception>
    internal static void CheckPrefix(string? prefix)
    {
        if (prefix is null) throw new DatabaseConfigurationException("Redis KeyPrefix must not be null: use \"\" for no prefix.");
        if (prefix.Length > MaxPrefixLength)
            throw new DatabaseConfigurationException($"Redis KeyPrefix is {prefix.Length} characters long; keep it to {MaxPrefixLength} (such as \"app:\").");
        var bad = prefix.IndexOfAny(['*', '?', '[', ']', '\\']);
        if (bad >= 0)
            throw new DatabaseConfigurationException(
                $"Redis KeyPrefix '{prefix}' holds '{prefix[bad]}', a glob character: it would make SCAN patterns (cache flush) match other keys. Use letters, digits and separators such as ':' or '-'.");
        if (prefix.Any(char.IsWhiteSpace))
            throw new DatabaseConfigurationException($"Redis KeyPrefix '{prefix}' holds whitespace; use letters, digits and separators such as ':'.");
    }

    /// <summary>The target without password: <c>redis://user@host:port/db?prefix=app:</c>.</summary>
    public override string ToString()
    {
        var user = User is null ? Password is null ? "" : ":***@" : Password is null ? $"{User}@" : $"{User}:***@";
        var db = Database == 0 ? "" : "/" + Database.ToString(CultureInfo.InvariantCulture);
        var prefix = KeyPrefix.Length == 0 ? "" : "?prefix=" + KeyPrefix;
        return $"{(Ssl ? "rediss" : "redis")}://{user}{string.Join(',', Endpoints)}{db}{prefix}";
    }

    /// <summary>The endpoints for messages: <c>127.0.0.1:6379</c> or the cluster's list.</summary>
    internal string Where => string.Join(",", Endpoints);
}
