using Strata.Providers;

namespace Strata.Replicas;

/// <summary>Where one read replica stands, from <see cref="Database.GetReplicaStatus"/>.</summary>
/// <param name="Url">Where the replica is, with any password replaced by <c>***</c>.</param>
/// <param name="IsHealthy">True while it takes reads; false from a connection failure until a background probe finds it answering.</param>
/// <param name="LastError">The type name of the last error seen on it (e.g. <c>ConnectionFailureException</c>), or null if none.</param>
/// <param name="LastErrorAt">When that error was seen, by <see cref="DatabaseOptions.TimeProvider"/>.</param>
/// <param name="Pool">Its connection pool as its driver reports it, or null when the driver does not.</param>
public sealed record ReplicaStatus(string Url, bool IsHealthy, string? LastError, DateTimeOffset? LastErrorAt, PoolStatistics? Pool);
