using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class PubSubTests
{
    public sealed record AuthEvent(string Type, string UserId);

    [Theory, BothTopologies]
    public async Task Messages_reach_channel_and_pattern_subscribers_with_the_pattern_and_channel(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var direct = new ConcurrentQueue<AuthEvent>();
            var patterned = new ConcurrentQueue<PubSubMessage<AuthEvent>>();
            await store.PubSub.SubscribeAsync<AuthEvent>("auth:events", e => { direct.Enqueue(e); return Task.CompletedTask; });
            await store.PubSub.SubscribePatternAsync<AuthEvent>("user:*", m => { patterned.Enqueue(m); return Task.CompletedTask; });
            await store.PubSub.PublishAsync("auth:events", new AuthEvent("user.login", "user_123"));
            await store.PubSub.PublishAsync("user:42", new AuthEvent("user.updated", "42"));
            await TestRedis.EventuallyAsync(() => Task.FromResult(direct.Count == 1 && patterned.Count == 1), TimeSpan.FromSeconds(2));
            Assert.Equal("user_123", direct.Single().UserId);
            var message = patterned.Single();
            Assert.Equal(("user:*", "user:42", "42"), (message.Pattern, message.Channel, message.Message.UserId));
            Assert.Equal(1, await store.PubSub.UnsubscribeAsync("auth:events"));
            await store.PubSub.PublishAsync("auth:events", new AuthEvent("user.logout", "user_123"));
            await Task.Delay(100);
            Assert.Single(direct);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_keeps_its_subscription()
    {
        var logs = new ListLoggerProvider();
        using var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs));
        var store = await TestRedis.OpenAsync(Topology.Single, o => o with { LoggerFactory = factory });
        try
        {
            var received = 0;
            await store.PubSub.SubscribeAsync<int>("numbers", n =>
            {
                Interlocked.Increment(ref received);
                return n == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
            });
            await store.PubSub.PublishAsync("numbers", 1);
            await store.PubSub.PublishAsync("numbers", 2);
            await TestRedis.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref received) == 2), TimeSpan.FromSeconds(2));
            Assert.Contains(logs.Lines, l => l.Contains("numbers", StringComparison.Ordinal) && l.Contains("boom", StringComparison.Ordinal));
        }
        finally { await TestRedis.CleanAsync(store); }
    }
}
