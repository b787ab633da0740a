using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class StampedeTests
{
    [Theory, BothTopologies]
    public async Task A_thousand_concurrent_callers_of_a_cold_key_make_one_factory_call(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var calls = 0;
            var start = new TaskCompletionSource();
            var callers = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await store.Cache.RememberAsync("cold", TimeSpan.FromMinutes(1), async () =>
                {
                    Interlocked.Increment(ref calls);
                    await Task.Delay(100);
                    return 42;
                });
            })).ToArray();
            start.SetResult();
            var values = await Task.WhenAll(callers);
            Assert.All(values, v => Assert.Equal(42, v));
            Assert.Equal(1, calls);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    // Four stores with their own connections and memory levels stand for four processes: nothing but Redis is shared.
    [Theory]
    [InlineData(Topology.Single, false)]
    [InlineData(Topology.Single, true)]
    [InlineData(Topology.Cluster, false)]
    [InlineData(Topology.Cluster, true)]
    public async Task Four_instances_make_at_most_four_factory_calls_and_one_with_the_distributed_lock(Topology topology, bool distributedLock)
    {
        var prefix = TestRedis.NewPrefix();
        var stores = new List<RedisStore>();
        for (var i = 0; i < 4; i++)
            stores.Add(await TestRedis.OpenAsync(topology, o => o with { Cache = o.Cache with { DistributedLock = distributedLock } }, prefix));
        try
        {
            var calls = 0;
            var start = new TaskCompletionSource();
            var callers = stores.SelectMany(store => Enumerable.Range(0, 250).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await store.Cache.RememberAsync("cold", TimeSpan.FromMinutes(1), async () =>
                {
                    Interlocked.Increment(ref calls);
                    await Task.Delay(200);
                    return 7;
                });
            }))).ToArray();
            start.SetResult();
            Assert.All(await Task.WhenAll(callers), v => Assert.Equal(7, v));
            if (distributedLock) Assert.Equal(1, calls);
            else Assert.InRange(calls, 1, 4);
        }
        finally
        {
            foreach (var store in stores.Skip(1)) await store.DisposeAsync();
            await TestRedis.CleanAsync(stores[0]);
        }
    }
}
