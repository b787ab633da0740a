using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>One handler subscribed to a channel or pattern; dispose it to unsubscribe that handler.</summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly RedisPubSub _owner;
    private int _disposed;

    internal RedisSubscription(RedisPubSub owner, string name, bool isPattern, ChannelMessageQueue queue)
    {
        _owner = owner;
        Name = name;
        IsPattern = isPattern;
        Queue = queue;
    }

    /// <summary>The channel or pattern, without the store's prefix.</summary>
    public string Name { get; }

    /// <summary>True for a pattern subscription.</summary>
    public bool IsPattern { get; }

    internal ChannelMessageQueue Queue { get; }

    /// <summary>Unsubscribes this handler; others on the same channel keep receiving.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _owner.RemoveAsync(this).ConfigureAwait(false);
    }
}
