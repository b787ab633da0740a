using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class CacheTests
{
    public sealed record Profile(long Id, string Name, string[] Roles);

    [Theory, BothTopologies]
    public async Task Remember_runs_the_factory_once_then_serves_the_cached_value(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var calls = 0;
            for (var i = 0; i < 3; i++)
            {
                var profile = await store.Cache.RememberAsync("user:1", TimeSpan.FromMinutes(1), () =>
                {
                    calls++;
                    return Task.FromResult(new Profile(1, "Ada", ["admin"]));
                });
                Assert.Equal("Ada", profile.Name);
            }
            Assert.Equal(1, calls);
            Assert.Equal("Ada", (await store.Cache.GetAsync<Profile>("user:1"))!.Name);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task A_value_set_by_one_instance_is_read_from_Redis_by_another_and_forget_reaches_both(Topology topology)
    {
        var prefix = TestRedis.NewPrefix();
        var first = await TestRedis.OpenAsync(topology, prefix: prefix);
        var second = await TestRedis.OpenAsync(topology, prefix: prefix);
        try
        {
            await first.Cache.SetAsync("k", new Profile(2, "Grace", []), TimeSpan.FromMinutes(1));
            Assert.Equal("Grace", (await second.Cache.GetAsync<Profile>("k"))!.Name);
            await first.Cache.SetAsync("k", new Profile(2, "Grace Hopper", []), TimeSpan.FromMinutes(1));
            await TestRedis.EventuallyAsync(async () => (await second.Cache.GetAsync<Profile>("k"))?.Name == "Grace Hopper", TimeSpan.FromSeconds(2));
            await second.Cache.ForgetAsync("k");
            await TestRedis.EventuallyAsync(async () => !(await first.Cache.TryGetAsync<Profile>("k")).Found, TimeSpan.FromSeconds(2));
        }
        finally
        {
            await second.DisposeAsync();
            await TestRedis.CleanAsync(first);
        }
    }

    [Theory, BothTopologies]
    public async Task Invalidating_a_tag_expires_the_entries_carrying_it_and_no_others(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            await store.Cache.SetAsync("a", 1, TimeSpan.FromMinutes(1), tags: ["users"]);
            await store.Cache.SetAsync("b", 2, TimeSpan.FromMinutes(1), tags: ["orders"]);
            var c = await store.Cache.RememberAsync("c", TimeSpan.FromMinutes(1), () => Task.FromResult(3), tags: ["users", "orders"]);
            await store.Cache.InvalidateTagAsync("users");
            Assert.False((await store.Cache.TryGetAsync<int>("a")).Found);
            Assert.False((await store.Cache.TryGetAsync<int>("c")).Found);
            Assert.Equal(2, await store.Cache.GetAsync<int>("b"));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task Flush_deletes_this_prefix_on_every_node_and_leaves_other_prefixes(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        var neighbour = await TestRedis.OpenAsync(topology);
        try
        {
            for (var i = 0; i < 1200; i++) await store.Cache.SetAsync($"item:{i}", i, TimeSpan.FromMinutes(5));
            await neighbour.Cache.SetAsync("kept", 1, TimeSpan.FromMinutes(5));
            var deleted = await store.Cache.FlushAsync();
            Assert.True(deleted >= 1200, $"deleted {deleted}");
            Assert.False((await store.Cache.TryGetAsync<int>("item:7")).Found);
            Assert.DoesNotContain(await TestRedis.KeysAsync(store), k => k.ToString().StartsWith(store.Options.KeyPrefix + "c:item", StringComparison.Ordinal));
            Assert.Equal(1, await neighbour.Cache.GetAsync<int>("kept"));
        }
        finally
        {
            await TestRedis.CleanAsync(neighbour);
            await TestRedis.CleanAsync(store);
        }
    }

    [Fact]
    public async Task A_failing_factory_serves_the_last_value_within_the_fail_safe_window()
    {
        var store = await TestRedis.OpenAsync(Topology.Single);
        try
        {
            await store.Cache.RememberAsync("stale", TimeSpan.FromMilliseconds(100), () => Task.FromResult("first"));
            await Task.Delay(250);
            var value = await store.Cache.RememberAsync<string>("stale", TimeSpan.FromMilliseconds(100), () => throw new InvalidOperationException("the source is down"));
            Assert.Equal("first", value);
        }
        finally { await TestRedis.CleanAsync(store); }
    }
}
