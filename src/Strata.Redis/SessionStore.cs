using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// Sessions in Redis (<see cref="RedisStore.CreateSessionStore"/>): a hash per session, one field per top-level data member
/// (JSON), with a sliding expiry, and a per-user index (a sorted set scored by expiry) for listing and ending a user's sessions.
/// </summary>
/// <remarks>
/// Ids are 256 random bits, URL-safe base64 (43 characters). Logs show a session by a short hash of its id, never the id.
/// Every command touches one key (the session's or its user's index), so it works the same on a Redis Cluster. Data is
/// always JSON (System.Text.Json, web defaults).
/// </remarks>
public sealed partial class SessionStore : IRedisSessionStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string CreateScript = """
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // Merges fields into a live session and slides its expiry; returns the user field before the change ('' when none), or false when the session is gone.
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local old = ''
        if ARGV[2] ~= '' then old = redis.call('HGET', KEYS[1], ARGV[2]) or '' end
        if #ARGV > 2 then redis.call('HSET', KEYS[1], unpack(ARGV, 3)) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return old
        """;

    private const string DestroyScript = """
        local user = ''
        if ARGV[1] ~= '' then user = redis.call('HGET', KEYS[1], ARGV[1]) or '' end
        if redis.call('DEL', KEYS[1]) == 0 then return false end
        return user
        """;

    // Adds (or re-scores) a session in a user's index, scored by its expiry in server milliseconds; drops expired members; the index lives as long as its newest session.
    private const string IndexScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ttl = tonumber(ARGV[2])
        redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
        return 1
        """;

    // Deletes a session only while it belongs to the user (its user field is one of the two forms the user's id is stored in).
    private const string DestroyOwnedScript = """
        local user = redis.call('HGET', KEYS[1], ARGV[1])
        if user and (user == ARGV[2] or user == ARGV[3]) then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string ListScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        return redis.call('ZRANGE', KEYS[1], 0, -1)
        """;

    private readonly RedisStore _store;
    private readonly ILogger? _logger;

    internal SessionStore(RedisStore store, SessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        Options = options;
        _logger = store.Options.LoggerFactory?.CreateLogger("Strata.Redis.Sessions");
    }

    /// <summary>The options the store was made with.</summary>
    public SessionStoreOptions Options { get; }

    /// <summary>Creates a session holding <paramref name="data"/> and returns its id.</summary>
    /// <param name="data">An object (or dictionary) whose members become the session's fields.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">The data is not an object with members, or its user field is not a string or number.</exception>
    /// <exception cref="RedisSerializationException">The data cannot be written as JSON.</exception>
    public async Task<string> CreateAsync(object data, CancellationToken cancellationToken = default)
    {
        var fields = Fields(data, nameof(data));
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var args = new RedisValue[1 + fields.Count * 2];
        args[0] = TtlMs;
        var i = 1;
        foreach (var (name, value) in fields) { args[i++] = name; args[i++] = value; }
        // Indexed first: a failure between the two steps leaves an index entry with no session (skipped and dropped when the
        // user's sessions are listed), never a session its user's index does not know, which ending them all would miss.
        if (UserOf(fields) is { } user) await IndexAsync(user, id, cancellationToken).ConfigureAwait(false);
        await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(CreateScript, [SessionKey(id)], args)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            var hash = Hash(id);
            LogCreated(_logger, hash);
        }
        return id;
    }

    /// <summary>The session <paramref name="id"/>, or null when it does not exist or has expired.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or malformed id.</exception>
    public async Task<SessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        var key = SessionKey(id);
        (HashEntry[] entries, TimeSpan? ttl) = await _store.RunAsync("HGETALL", async () =>
        {
            var db = _store.Db;
            var all = db.HashGetAllAsync(key);
            var left = db.KeyTimeToLiveAsync(key);
            return (await all.ConfigureAwait(false), await left.ConfigureAwait(false));
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0) return null;
        var data = new Dictionary<string, JsonElement>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            using var document = JsonDocument.Parse((string)entry.Value!);
            data[(string)entry.Name!] = document.RootElement.Clone();
        }
        var user = Options.UserIdField is { } field && data.TryGetValue(field, out var u) ? UserText(u) : null;
        return new SessionRecord(id, data, user, _store.Options.TimeProvider.GetUtcNow() + (ttl ?? Options.Ttl));
    }

    /// <summary>Extends the session's life by <see cref="SessionStoreOptions.Ttl"/> from now.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when the session no longer exists.</returns>
    public async Task<bool> TouchAsync(string id, CancellationToken cancellationToken = default) =>
        await UpdateCoreAsync(id, [], "TouchAsync", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Merges <paramref name="changes"/> into the session (each top-level member replaces that field; others stay) and extends
    /// its life. Atomic per call: concurrent updates of different fields all survive.
    /// </summary>
    /// <param name="id">The session id.</param>
    /// <param name="changes">An object (or dictionary) with the fields to set.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when the session no longer exists (nothing is written).</returns>
    /// <exception cref="ArgumentException">The changes are not an object with members.</exception>
    public async Task<bool> UpdateAsync(string id, object changes, CancellationToken cancellationToken = default) =>
        await UpdateCoreAsync(id, Fields(changes, nameof(changes)), "UpdateAsync", cancellationToken).ConfigureAwait(false);

    private async Task<bool> UpdateCoreAsync(string id, List<(string Name, string Value)> fields, string operation, CancellationToken cancellationToken)
    {
        CheckId(id);
        var args = new RedisValue[2 + fields.Count * 2];
        args[0] = TtlMs;
        args[1] = Options.UserIdField ?? "";
        var i = 2;
        foreach (var (name, value) in fields) { args[i++] = name; args[i++] = value; }
        // A new user's index learns of the session before the session changes hands, for the reason CreateAsync indexes first;
        // the old user's index may keep it a while if what follows fails (listing skips sessions that are not the user's).
        var givenUser = UserOf(fields);
        if (givenUser is not null) await IndexAsync(givenUser, id, cancellationToken).ConfigureAwait(false);
        var result = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(UpdateScript, [SessionKey(id)], args)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsNull) return false;
        var oldUser = (string?)result is { Length: > 0 } oldJson ? UserText(JsonDocument.Parse(oldJson).RootElement) : null;
        var newUser = givenUser ?? oldUser;
        if (oldUser is not null && oldUser != newUser)
            await _store.RunAsync("ZREM", () => _store.Db.SortedSetRemoveAsync(IndexKey(oldUser), id)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (givenUser is null && newUser is not null) await IndexAsync(newUser, id, cancellationToken).ConfigureAwait(false);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            var hash = Hash(id);
            LogUpdated(_logger, operation, hash);
        }
        return true;
    }

    /// <summary>Ends the session.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when it did not exist.</returns>
    public async Task<bool> DestroyAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        var result = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(DestroyScript, [SessionKey(id)], [Options.UserIdField ?? ""]))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsNull) return false;
        if ((string?)result is { Length: > 0 } userJson && UserText(JsonDocument.Parse(userJson).RootElement) is { } user)
            await _store.RunAsync("ZREM", () => _store.Db.SortedSetRemoveAsync(IndexKey(user), id)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            var hash = Hash(id);
            LogUpdated(_logger, "DestroyAsync", hash);
        }
        return true;
    }

    /// <summary>The live sessions of <paramref name="userId"/>; expired or destroyed ones never appear.</summary>
    /// <param name="userId">The user's id, as stored in the <see cref="SessionStoreOptions.UserIdField"/> field.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The store has no user index (<see cref="SessionStoreOptions.UserIdField"/> is null).</exception>
    public async Task<IReadOnlyList<SessionRecord>> GetUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ids = await UserSessionIdsAsync(userId, cancellationToken).ConfigureAwait(false);
        var sessions = new List<SessionRecord>(ids.Length);
        foreach (var id in ids)
        {
            // An entry whose session is gone, or has passed to another user, is left over from a change that failed part-way.
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } session && session.UserId == userId) sessions.Add(session);
            else await _store.RunAsync("ZREM", () => _store.Db.SortedSetRemoveAsync(IndexKey(userId), id)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return sessions;
    }

    /// <summary>Ends every session of <paramref name="userId"/> and returns how many there were.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The store has no user index.</exception>
    public async Task<int> DestroyUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ids = await UserSessionIdsAsync(userId, cancellationToken).ConfigureAwait(false);
        var ended = 0;
        // Only sessions that are still the user's: an index entry may be left over from a session that has passed to another user.
        RedisValue[] args = [Options.UserIdField!, JsonSerializer.Serialize(userId, Json), userId];
        foreach (var id in ids)
        {
            var deleted = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(DestroyOwnedScript, [SessionKey(id)], args))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if ((long)deleted == 1) ended++;
        }
        await _store.RunAsync("DEL", () => _store.Db.KeyDeleteAsync(IndexKey(userId))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ended;
    }

    private async Task<string[]> UserSessionIdsAsync(string userId, CancellationToken cancellationToken)
    {
        if (Options.UserIdField is null)
            throw new InvalidOperationException("This session store keeps no user index: set SessionStoreOptions.UserIdField to the data field holding the user id.");
        CheckUser(userId);
        var result = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(ListScript, [IndexKey(userId)])).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ((RedisValue[])result!).Select(v => (string)v!).ToArray();
    }

    private Task<RedisResult> IndexAsync(string user, string id, CancellationToken cancellationToken) =>
        _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(IndexScript, [IndexKey(user)], [id, TtlMs])).WaitAsync(cancellationToken);

    private long TtlMs => (long)Options.Ttl.TotalMilliseconds;

    private RedisKey SessionKey(string id) => _store.Key(Options.Prefix + id);

    private RedisKey IndexKey(string user) => _store.Key(Options.Prefix + "user:" + user);

    /// <summary>The top-level members of <paramref name="data"/>, each as JSON text (also used by the in-memory stand-in in Strata.Testing.Redis).</summary>
    internal static List<(string Name, string Value)> Fields(object data, string parameter)
    {
        ArgumentNullException.ThrowIfNull(data, parameter);
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(data, data.GetType(), Json);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new RedisSerializationException($"Session data of type {data.GetType().Name} cannot be written as JSON: {e.Message} Use public properties without cycles.", e);
        }
        if (element.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"Session data must be an object or a dictionary with named fields, not a {element.ValueKind}: pass new {{ userId = \"…\" }}.", parameter);
        var fields = new List<(string, string)>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length == 0) throw new ArgumentException("A session field name must not be empty.", parameter);
            fields.Add((property.Name, property.Value.GetRawText()));
        }
        return fields;
    }

    private string? UserOf(List<(string Name, string Value)> fields)
    {
        if (Options.UserIdField is not { } field) return null;
        foreach (var (name, value) in fields)
        {
            if (!string.Equals(name, field, StringComparison.Ordinal)) continue;
            using var document = JsonDocument.Parse(value);
            return UserText(document.RootElement) ?? throw new ArgumentException($"The session field '{field}' must be a string or a number (the user's id).");
        }
        return null;
    }

    private static string? UserText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static void CheckId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException("A session id is the URL-safe text CreateAsync returned (letters, digits, '-' and '_').", nameof(id));
    }

    private static void CheckUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (userId.Length is 0 or > 256) throw new ArgumentException("A user id must have 1 to 256 characters.", nameof(userId));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What logs show of a session id: 8 hex digits of its SHA-256.</summary>
    internal static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Created session #{SessionHash}")]
    private static partial void LogCreated(ILogger logger, string sessionHash);

    [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "{Operation} on session #{SessionHash}")]
    private static partial void LogUpdated(ILogger logger, string operation, string sessionHash);
}
