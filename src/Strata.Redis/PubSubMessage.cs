namespace Strata.Redis;

/// <summary>A message received by a subscription.</summary>
/// <param name="Channel">The channel it was published on, without the store's prefix.</param>
/// <param name="Pattern">The pattern that matched, without the prefix, for a pattern subscription; null otherwise.</param>
/// <param name="Message">The message.</param>
/// <typeparam name="T">The message type.</typeparam>
public sealed record PubSubMessage<T>(string Channel, string? Pattern, T Message);
