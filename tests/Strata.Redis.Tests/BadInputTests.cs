using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class BadInputTests
{
    [Fact]
    public async Task Keys_ttls_and_values_that_cannot_be_used_are_refused_with_what_to_change()
    {
        var store = await TestRedis.OpenAsync(Topology.Single);
        try
        {
            var empty = await Assert.ThrowsAsync<ArgumentException>(() => store.Cache.SetAsync("", 1, TimeSpan.FromMinutes(1)));
            Assert.Contains("must not be empty", empty.Message, StringComparison.Ordinal);
            var huge = await Assert.ThrowsAsync<ArgumentException>(() => store.Cache.GetAsync<int>(new string('k', 5000)));
            Assert.Contains("hash long inputs", huge.Message, StringComparison.Ordinal);
            var zero = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = store.Cache.SetAsync("k", 1, TimeSpan.Zero); });
            Assert.Contains("must be positive", zero.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Cache.RememberAsync("k", TimeSpan.FromSeconds(-1), () => Task.FromResult(1)));
            var cyclic = new Node();
            cyclic.Next = cyclic;
            var serialization = await Assert.ThrowsAsync<RedisSerializationException>(() => store.Cache.SetAsync("cycle", cyclic, TimeSpan.FromMinutes(1)));
            Assert.Contains("RedisOptions.Serializer", serialization.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(() => store.CreateRateLimiter(RateLimitPolicy.FixedWindow(5, TimeSpan.FromSeconds(1))).ConsumeAsync(""));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CreateRateLimiter(RateLimitPolicy.FixedWindow(5, TimeSpan.FromSeconds(1))).ConsumeAsync("k", 6));
            await Assert.ThrowsAsync<ArgumentException>(() => store.PubSub.PublishAsync("", 1));
            await Assert.ThrowsAsync<ArgumentException>(() => store.CreateSessionStore().CreateAsync("just a string"));
            Assert.Throws<ArgumentOutOfRangeException>(() => ((Sql)$"SELECT 1").Cached(TimeSpan.Zero));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6379?prefix=app*", "glob character")]
    [InlineData("redis://127.0.0.1:6379?colour=red", "'colour' is unknown")]
    [InlineData("redis://127.0.0.1:6379?prefix=a&prefix=b", "given twice")]
    [InlineData("redis://127.0.0.1:6379?command_timeout=0", "positive duration")]
    [InlineData("redis://127.0.0.1:99999", "valid port")]
    [InlineData("http://127.0.0.1:6379", "redis://")]
    [InlineData("redis://127.0.0.1:6379/x", "not a number")]
    [InlineData("redis://a:7000,b:7001/2", "Redis Cluster has only database 0")]
    public void Malformed_urls_are_refused_naming_what_to_change(string url, string expected)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => RedisOptions.Parse(url));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_is_parsed_and_never_shows_its_password()
    {
        var options = RedisOptions.Parse("rediss://app:s3cret@10.0.0.5:6380,10.0.0.6/0?prefix=shop:&connect_timeout=250ms&command_timeout=2s");
        Assert.Equal(["10.0.0.5:6380", "10.0.0.6:6379"], options.Endpoints);
        Assert.True(options.Ssl);
        Assert.Equal(("app", "s3cret", "shop:"), (options.User, options.Password, options.KeyPrefix));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CommandTimeout);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("app:***@", options.ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<DatabaseConfigurationException>(() => RedisOptions.Parse("redis://app:s3cret@host:6379?nope=1"));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_typed_error_naming_the_endpoint_without_the_password()
    {
        await using var store = RedisStore.Open("redis://:s3cret@127.0.0.1:1?connect_timeout=200ms");
        var error = await Assert.ThrowsAsync<RedisConnectionFailureException>(() => store.PingAsync());
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain("s3cret", store.ToString(), StringComparison.Ordinal);
        Assert.False((await store.CheckHealthAsync()).IsHealthy);
    }

    [Fact]
    public async Task A_failing_script_and_a_cross_slot_command_are_typed_errors()
    {
        var store = await TestRedis.OpenAsync(Topology.Cluster);
        try
        {
            var script = await Assert.ThrowsAsync<RedisScriptException>(() =>
                store.RunAsync("EVAL", () => store.Db.ScriptEvaluateAsync("return redis.error_reply('broken on purpose')")));
            Assert.Contains("broken on purpose", script.Message, StringComparison.Ordinal);
            var redirect = await Assert.ThrowsAsync<RedisRedirectException>(() =>
                store.RunAsync("EVAL", () => store.Db.ScriptEvaluateAsync("return redis.call('MGET', KEYS[1], KEYS[2])", ["a", "b"])));
            Assert.False(redirect.IsTransient);
        }
        finally { await TestRedis.CleanAsync(store); }
    }
}
