namespace Strata.Redis;

/// <summary>One handler subscribed to a channel or pattern; dispose it to unsubscribe that handler.</summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly Func<RedisSubscription, ValueTask> _unsubscribe;
    private int _disposed;

    /// <summary>A subscription that calls <paramref name="unsubscribe"/> once when disposed; for implementations of <see cref="IRedisPubSub"/>.</summary>
    /// <param name="name">The channel or pattern, without the store's prefix.</param>
    /// <param name="isPattern">True for a pattern subscription.</param>
    /// <param name="unsubscribe">Removes the handler.</param>
    public RedisSubscription(string name, bool isPattern, Func<RedisSubscription, ValueTask> unsubscribe)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(unsubscribe);
        Name = name;
        IsPattern = isPattern;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The channel or pattern, without the store's prefix.</summary>
    public string Name { get; }

    /// <summary>True for a pattern subscription.</summary>
    public bool IsPattern { get; }

    /// <summary>Unsubscribes this handler; others on the same channel keep receiving.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _unsubscribe(this).ConfigureAwait(false);
    }
}
