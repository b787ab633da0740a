namespace Strata.Redis;

/// <summary>How a <see cref="SessionStore"/> keeps sessions.</summary>
/// <remarks>Immutable: change a copy with <c>with</c>.</remarks>
public sealed record SessionStoreOptions
{
    /// <summary>The defaults: sessions under <c>session:</c> for 24 hours, indexed by their <c>userId</c> field.</summary>
    public static SessionStoreOptions Default { get; } = new();

    /// <summary>Put after the store's prefix in front of session keys (<c>session:</c>).</summary>
    public string Prefix { get; init; } = "session:";

    /// <summary>How long a session lives after it was created, touched or updated (24 h).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The data field naming the session's user, for <see cref="SessionStore.GetUserSessionsAsync"/> (<c>userId</c>); null for no user index.</summary>
    public string? UserIdField { get; init; } = "userId";

    /// <summary>Checks the values, naming the first one out of range.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is out of range.</exception>
    public void Validate()
    {
        RedisOptions.CheckPrefix(Prefix);
        if (Ttl < TimeSpan.FromSeconds(1)) throw new DatabaseConfigurationException($"Sessions Ttl ({Ttl}) must be at least one second.");
        if (UserIdField is { Length: 0 }) throw new DatabaseConfigurationException("Sessions UserIdField must not be empty: name the data field holding the user id, or set null for no user index.");
    }
}
