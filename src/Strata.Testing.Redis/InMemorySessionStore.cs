using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Strata.Redis;

namespace Strata.Testing;

/// <summary>
/// An in-memory <see cref="IRedisSessionStore"/> for unit tests: sessions of JSON fields with the same sliding expiry (on a
/// <see cref="TimeProvider"/>, so a test can move time), merge on update, and user index as <see cref="SessionStore"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemorySessionStore : IRedisSessionStore
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>A store with <paramref name="options"/> on <paramref name="timeProvider"/>'s clock.</summary>
    /// <param name="options">Its options; the defaults when null.</param>
    /// <param name="timeProvider">The clock; the system's when null.</param>
    /// <exception cref="DatabaseConfigurationException">An option is out of range.</exception>
    public InMemorySessionStore(SessionStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? SessionStoreOptions.Default;
        Options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public SessionStoreOptions Options { get; }

    /// <inheritdoc />
    public Task<string> CreateAsync(object data, CancellationToken cancellationToken = default)
    {
        var fields = Fields(data, nameof(data));
        _ = UserOf(fields);
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[id] = new Session(fields, _time.GetUtcNow() + Options.Ttl);
        return Task.FromResult(id);
    }

    /// <inheritdoc />
    public Task<SessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return Task.FromResult(Live(id) is { } session ? Record(id, session) : null);
    }

    /// <inheritdoc />
    public Task<bool> TouchAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Update(id, []));

    /// <inheritdoc />
    public Task<bool> UpdateAsync(string id, object changes, CancellationToken cancellationToken = default)
    {
        var fields = Fields(changes, nameof(changes));
        _ = UserOf(fields);
        return Task.FromResult(Update(id, fields));
    }

    /// <inheritdoc />
    public Task<bool> DestroyAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        var live = Live(id) is not null;
        _sessions.TryRemove(id, out _);
        return Task.FromResult(live);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionRecord>> GetUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ids = UserSessionIds(userId);
        IReadOnlyList<SessionRecord> records = [.. ids.Select(id => Live(id) is { } s ? Record(id, s) : null).OfType<SessionRecord>()];
        return Task.FromResult(records);
    }

    /// <inheritdoc />
    public Task<int> DestroyUserSessionsAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(UserSessionIds(userId).Count(id => _sessions.TryRemove(id, out _)));

    private bool Update(string id, Dictionary<string, string> changes)
    {
        CheckId(id);
        if (Live(id) is not { } session) return false;
        lock (session)
        {
            foreach (var (name, value) in changes) session.Fields[name] = value;
            session.ExpiresAt = _time.GetUtcNow() + Options.Ttl;
        }
        return true;
    }

    private Session? Live(string id)
    {
        if (!_sessions.TryGetValue(id, out var session)) return null;
        if (session.ExpiresAt > _time.GetUtcNow()) return session;
        _sessions.TryRemove(new KeyValuePair<string, Session>(id, session));
        return null;
    }

    private List<string> UserSessionIds(string userId)
    {
        if (Options.UserIdField is null)
            throw new InvalidOperationException("This session store keeps no user index: set SessionStoreOptions.UserIdField to the data field holding the user id.");
        ArgumentNullException.ThrowIfNull(userId);
        if (userId.Length is 0 or > 256) throw new ArgumentException("A user id must have 1 to 256 characters.", nameof(userId));
        return [.. _sessions.Where(p => Live(p.Key) is { } s && UserOf(s.Fields) == userId).Select(p => p.Key)];
    }

    private SessionRecord Record(string id, Session session)
    {
        lock (session)
        {
            var data = session.Fields.ToDictionary(f => f.Key, f => JsonDocument.Parse(f.Value).RootElement.Clone(), StringComparer.Ordinal);
            return new SessionRecord(id, data, UserOf(session.Fields), session.ExpiresAt);
        }
    }

    private string? UserOf(Dictionary<string, string> fields)
    {
        if (Options.UserIdField is not { } field || !fields.TryGetValue(field, out var json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.String => document.RootElement.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => document.RootElement.GetRawText(),
            _ => throw new ArgumentException($"The session field '{field}' must be a string or a number (the user's id)."),
        };
    }

    // The same validation and JSON as the real store, so the two accept and refuse the same data.
    private static Dictionary<string, string> Fields(object data, string parameter)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in SessionStore.Fields(data, parameter)) fields[name] = value;
        return fields;
    }

    private static void CheckId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException("A session id is the URL-safe text CreateAsync returned (letters, digits, '-' and '_').", nameof(id));
    }

    /// <summary>One session's fields (raw JSON) and expiry; changed under its lock.</summary>
    private sealed class Session(Dictionary<string, string> fields, DateTimeOffset expiresAt)
    {
        public Dictionary<string, string> Fields { get; } = fields;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }
}
