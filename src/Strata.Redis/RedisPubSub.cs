using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// Publish and subscribe on the store's connection (<see cref="RedisStore.PubSub"/>): messages are serialized with
/// <see cref="RedisOptions.Serializer"/> (JSON by default), channels and patterns get the store's prefix.
/// </summary>
/// <remarks>
/// Each subscription handles its messages one at a time, in order. A handler that throws is logged (category
/// <c>Strata.Redis.PubSub</c>) and keeps its subscription. When the connection drops, subscriptions are made again once it
/// is back (messages published meanwhile are lost: Redis pub/sub does not store them). On a Redis Cluster, messages reach
/// subscribers on every node.
/// </remarks>
public sealed partial class RedisPubSub : IRedisPubSub, IAsyncDisposable
{
    /// <summary>The longest channel or pattern accepted, in characters.</summary>
    public const int MaxChannelLength = 1024;

    private readonly RedisStore _store;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<RedisSubscription, ChannelMessageQueue> _subscriptions = new();

    internal RedisPubSub(RedisStore store)
    {
        _store = store;
        _logger = store.Options.LoggerFactory?.CreateLogger("Strata.Redis.PubSub");
    }

    /// <summary>Publishes <paramref name="message"/> on <paramref name="channel"/> and returns how many subscribers received it.</summary>
    /// <param name="channel">The channel, such as <c>auth:events</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized channel.</exception>
    /// <exception cref="RedisSerializationException">The message cannot be serialized.</exception>
    public Task<long> PublishAsync<T>(string channel, T message, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel, nameof(channel));
        var payload = _store.Options.Serializer.Serialize(message);
        return _store.RunAsync("PUBLISH", () => _store.Connection.GetSubscriber().PublishAsync(_store.Channel(channel, pattern: false), payload))
            .WaitAsync(cancellationToken);
    }

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="handler">Gets each message; exceptions it throws are logged.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The subscription: dispose it to unsubscribe this handler.</returns>
    /// <exception cref="ArgumentException">An empty or oversized channel.</exception>
    public Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<T, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return SubscribeCoreAsync<T>(channel, pattern: false, m => handler(m.Message), cancellationToken);
    }

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/>, with the channel each message came on.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="handler">Gets each message with its channel.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized channel.</exception>
    public Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return SubscribeCoreAsync(channel, pattern: false, handler, cancellationToken);
    }

    /// <summary>Subscribes <paramref name="handler"/> to every channel matching <paramref name="pattern"/> (<c>user:*</c>, Redis glob syntax).</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="handler">Gets each message with the pattern and the channel.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized pattern.</exception>
    public Task<RedisSubscription> SubscribePatternAsync<T>(string pattern, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return SubscribeCoreAsync(pattern, pattern: true, handler, cancellationToken);
    }

    /// <summary>Unsubscribes every handler of <paramref name="channel"/> (or of the pattern, when it was subscribed as one).</summary>
    /// <param name="channel">The channel or pattern, as subscribed.</param>
    /// <returns>How many handlers were removed.</returns>
    public async Task<int> UnsubscribeAsync(string channel)
    {
        CheckChannel(channel, nameof(channel));
        var removed = 0;
        foreach (var subscription in _subscriptions.Keys.Where(s => s.Name == channel).ToArray())
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            removed++;
        }
        return removed;
    }

    private async Task<RedisSubscription> SubscribeCoreAsync<T>(string name, bool pattern, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken)
    {
        CheckChannel(name, pattern ? "pattern" : "channel");
        var prefix = _store.Options.KeyPrefix;
        var queue = await _store.RunAsync(pattern ? "PSUBSCRIBE" : "SUBSCRIBE",
            () => _store.Connection.GetSubscriber().SubscribeAsync(_store.Channel(name, pattern))).WaitAsync(cancellationToken).ConfigureAwait(false);
        var subscription = new RedisSubscription(name, pattern, s => new ValueTask(RemoveAsync(s)));
        _subscriptions[subscription] = queue;
        queue.OnMessage(async message =>
        {
            var channel = message.Channel.ToString();
            if (channel.StartsWith(prefix, StringComparison.Ordinal)) channel = channel[prefix.Length..];
            try
            {
                var value = _store.Options.Serializer.Deserialize<T>((byte[])message.Message!);
                await handler(new PubSubMessage<T>(channel, pattern ? name : null, value!)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_logger is not null) LogHandlerFailed(_logger, e, channel);
            }
        });
        return subscription;
    }

    internal async Task RemoveAsync(RedisSubscription subscription)
    {
        if (!_subscriptions.TryRemove(subscription, out var queue)) return;
        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The connection is down: the subscription is gone on the server with it, and is not made again.
        }
    }

    /// <summary>Unsubscribes every handler.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions.Keys.ToArray()) await subscription.DisposeAsync().ConfigureAwait(false);
    }

    private static void CheckChannel(string channel, string name)
    {
        ArgumentNullException.ThrowIfNull(channel, name);
        if (channel.Length == 0) throw new ArgumentException($"A {name} must not be empty: name it, such as \"auth:events\".", name);
        if (channel.Length > MaxChannelLength) throw new ArgumentException($"A {name} of {channel.Length} characters is longer than {MaxChannelLength}.", name);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "A handler of the Redis channel {Channel} threw; the subscription goes on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string channel);
}
