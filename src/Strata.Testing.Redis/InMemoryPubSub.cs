using System.Collections.Concurrent;
using System.Threading.Channels;
using Strata.Redis;

namespace Strata.Testing;

/// <summary>
/// An in-memory <see cref="IRedisPubSub"/> for unit tests: channel and pattern subscriptions (Redis glob syntax: <c>*</c>,
/// <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[^a]</c>, <c>\</c>), each handler getting its messages in order on a task of its own
/// after <see cref="PublishAsync{T}"/> returns, as Redis delivers them. Messages are copied through the serializer, as Redis
/// sends them. A handler's exception is swallowed, as <see cref="RedisPubSub"/> logs it and goes on.
/// </summary>
/// <remarks>
/// <see cref="PublishAsync{T}"/> returns the number of subscriptions (distinct channels and patterns) that matched, which is what
/// Redis returns for one connection. Thread-safe.
/// </remarks>
public sealed class InMemoryPubSub(IRedisSerializer? serializer = null) : IRedisPubSub, IAsyncDisposable
{
    private readonly IRedisSerializer _serializer = serializer ?? JsonRedisSerializer.Default;
    private readonly ConcurrentDictionary<RedisSubscription, Action<string, byte[]>> _subscriptions = new();

    /// <inheritdoc />
    public Task<long> PublishAsync<T>(string channel, T message, CancellationToken cancellationToken = default)
    {
        Check(channel, nameof(channel));
        var payload = _serializer.Serialize(message);
        var matched = _subscriptions.Where(s => s.Key.IsPattern ? RedisGlob.IsMatch(s.Key.Name, channel) : s.Key.Name == channel).ToList();
        foreach (var (_, deliver) in matched) deliver(channel, payload);
        return Task.FromResult((long)matched.Select(s => (s.Key.Name, s.Key.IsPattern)).Distinct().Count());
    }

    /// <inheritdoc />
    public Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<T, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return SubscribeAsync<T>(channel, false, m => handler(m.Message));
    }

    /// <inheritdoc />
    public Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default) =>
        SubscribeAsync(channel, false, handler);

    /// <inheritdoc />
    public Task<RedisSubscription> SubscribePatternAsync<T>(string pattern, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default) =>
        SubscribeAsync(pattern, true, handler);

    /// <inheritdoc />
    public async Task<int> UnsubscribeAsync(string channel)
    {
        Check(channel, nameof(channel));
        var removed = 0;
        foreach (var subscription in _subscriptions.Keys.Where(s => s.Name == channel).ToArray())
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            removed++;
        }
        return removed;
    }

    /// <summary>Unsubscribes every handler.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions.Keys.ToArray()) await subscription.DisposeAsync().ConfigureAwait(false);
    }

    private Task<RedisSubscription> SubscribeAsync<T>(string name, bool pattern, Func<PubSubMessage<T>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Check(name, pattern ? "pattern" : "channel");
        var queue = Channel.CreateUnbounded<(string Channel, byte[] Payload)>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var (channel, payload) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await handler(new PubSubMessage<T>(channel, pattern ? name : null, _serializer.Deserialize<T>(payload)!)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // As RedisPubSub: a failing handler does not end its subscription.
                }
            }
        });
        var subscription = new RedisSubscription(name, pattern, s =>
        {
            _subscriptions.TryRemove(s, out _);
            queue.Writer.TryComplete();
            return ValueTask.CompletedTask;
        });
        _subscriptions[subscription] = (channel, payload) => queue.Writer.TryWrite((channel, payload));
        return Task.FromResult(subscription);
    }

    private static void Check(string channel, string name)
    {
        ArgumentNullException.ThrowIfNull(channel, name);
        if (channel.Length == 0) throw new ArgumentException($"A {name} must not be empty: name it, such as \"auth:events\".", name);
        if (channel.Length > RedisPubSub.MaxChannelLength) throw new ArgumentException($"A {name} of {channel.Length} characters is longer than {RedisPubSub.MaxChannelLength}.", name);
    }
}
