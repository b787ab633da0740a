using System.Reflection;
using Strata.Redis;
using Xunit.Sdk;

namespace Strata.Redis.Tests.Infrastructure;

/// <summary>The Redis deployments every behaviour test runs on: the shared server and the 3-node cluster of scripts/services.sh.</summary>
public enum Topology
{
    Single,
    Cluster,
}

/// <summary>Supplies each topology as the first theory argument.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothTopologiesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Topology.Single], [Topology.Cluster]];
}

/// <summary>Opens stores with a key prefix of their own, so parallel tests never share keys; a missing server fails with how to start it.</summary>
public static class TestRedis
{
    public static string SingleUrl => Environment.GetEnvironmentVariable("STRATA_REDIS_URL") ?? "redis://127.0.0.1:6379";

    public static string ClusterUrl => Environment.GetEnvironmentVariable("STRATA_REDIS_CLUSTER_URL") ?? "redis://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";

    public static string Url(Topology topology) => topology == Topology.Single ? SingleUrl : ClusterUrl;

    public static string NewPrefix() => $"t:{Guid.NewGuid():N}:";

    public static async Task<RedisStore> OpenAsync(Topology topology, Func<RedisOptions, RedisOptions>? configure = null, string? prefix = null) =>
        await OpenAsync(Url(topology), configure, prefix);

    public static async Task<RedisStore> OpenAsync(string url, Func<RedisOptions, RedisOptions>? configure = null, string? prefix = null)
    {
        var options = RedisOptions.Parse(url) with { KeyPrefix = prefix ?? NewPrefix() };
        if (configure is not null) options = configure(options);
        var store = RedisStore.Open(options);
        try
        {
            await store.PingAsync();
        }
        catch (DatabaseException e)
        {
            await store.DisposeAsync();
            throw new InvalidOperationException($"Redis at {options} is not reachable: {e.Message}. Start it with 'scripts/services.sh' (single server on 6379, cluster on 7000-7002).", e);
        }
        return store;
    }

    /// <summary>Every key of the store's prefix (SCAN on every primary).</summary>
    public static Task<List<StackExchange.Redis.RedisKey>> KeysAsync(RedisStore store) => KeyScan.ListAsync(store, store.Options.KeyPrefix + "*", CancellationToken.None);

    /// <summary>Deletes the store's keys (its prefix only) and disposes it.</summary>
    public static async Task CleanAsync(RedisStore store)
    {
        await KeyScan.DeleteAsync(store, store.Options.KeyPrefix + "*", "cleanup", CancellationToken.None);
        await store.DisposeAsync();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 10 ms, for at most <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > timeout) throw new TimeoutException($"The condition did not hold within {timeout.TotalMilliseconds} ms.");
            await Task.Delay(10);
        }
        return started.Elapsed;
    }
}
