namespace Strata.Redis;

/// <summary>What <see cref="RedisStore.CheckHealthAsync"/> found.</summary>
/// <param name="IsHealthy">True when every primary answered PING.</param>
/// <param name="Latency">The slowest PING round trip, when they answered.</param>
/// <param name="Target">The store's target, password hidden.</param>
/// <param name="IsCluster">True for a Redis Cluster.</param>
/// <param name="Error">The failure's type and message, when unhealthy (no password).</param>
public sealed record RedisHealth(bool IsHealthy, TimeSpan? Latency, string Target, bool IsCluster, string? Error);
