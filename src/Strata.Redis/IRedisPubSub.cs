namespace Strata.Redis;

/// <summary>
/// Publish and subscribe, as <see cref="RedisPubSub"/> does it on Redis; code that takes this interface can be given an
/// in-memory implementation in unit tests (Strata.Testing.Redis).
/// </summary>
public interface IRedisPubSub
{
    /// <summary>Publishes <paramref name="message"/> on <paramref name="channel"/> and returns how many subscribers received it.</summary>
    /// <param name="channel">The channel, such as <c>auth:events</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized channel.</exception>
    Task<long> PublishAsync<T>(string channel, T message, CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="handler">Gets each message; exceptions it throws are logged.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The subscription: dispose it to unsubscribe this handler.</returns>
    Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<T, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/>, with the channel each message came on.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="handler">Gets each message with its channel.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<RedisSubscription> SubscribeAsync<T>(string channel, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="handler"/> to every channel matching <paramref name="pattern"/> (<c>user:*</c>, Redis glob syntax).</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="handler">Gets each message with the pattern and the channel.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<RedisSubscription> SubscribePatternAsync<T>(string pattern, Func<PubSubMessage<T>, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>Unsubscribes every handler of <paramref name="channel"/> (or of the pattern, when it was subscribed as one).</summary>
    /// <param name="channel">The channel or pattern, as subscribed.</param>
    /// <returns>How many handlers were removed.</returns>
    Task<int> UnsubscribeAsync(string channel);
}
