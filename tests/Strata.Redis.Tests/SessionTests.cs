using Microsoft.Extensions.Logging;
using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class SessionTests
{
    [Theory, BothTopologies]
    public async Task A_session_is_created_read_touched_updated_and_destroyed(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var sessions = store.CreateSessionStore(new SessionStoreOptions { Ttl = TimeSpan.FromMinutes(30) });
            var id = await sessions.CreateAsync(new { userId = "user_123", ipAddress = "192.168.1.1" });
            Assert.Equal(43, id.Length);
            Assert.All(id, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
            var session = await sessions.GetAsync(id);
            Assert.Equal("user_123", session!.UserId);
            Assert.Equal("192.168.1.1", session.Get<string>("ipAddress"));
            Assert.True(await sessions.TouchAsync(id));
            Assert.True(await sessions.UpdateAsync(id, new { lastActive = 5 }));
            session = await sessions.GetAsync(id);
            Assert.Equal(5, session!.Get<int>("lastActive"));
            Assert.Equal("192.168.1.1", session.Get<string>("ipAddress"));
            Assert.True(await sessions.DestroyAsync(id));
            Assert.Null(await sessions.GetAsync(id));
            Assert.False(await sessions.UpdateAsync(id, new { lastActive = 6 }));
            Assert.Null(await sessions.GetAsync(id));
            Assert.Empty(await sessions.GetUserSessionsAsync("user_123"));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task Thirty_two_concurrent_updates_of_one_session_each_to_its_own_field_all_survive(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var sessions = store.CreateSessionStore();
            var id = await sessions.CreateAsync(new { userId = "u1" });
            await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
                sessions.UpdateAsync(id, new Dictionary<string, object> { [$"field{i}"] = i }))));
            var session = await sessions.GetAsync(id);
            for (var i = 0; i < 32; i++) Assert.Equal(i, session!.Get<int>($"field{i}"));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task A_users_sessions_are_listed_without_expired_ones_and_destroyed_together(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var shortLived = store.CreateSessionStore(new SessionStoreOptions { Ttl = TimeSpan.FromSeconds(1) });
            var sessions = store.CreateSessionStore(new SessionStoreOptions { Ttl = TimeSpan.FromMinutes(5) });
            var expiring = await shortLived.CreateAsync(new { userId = "ada" });
            var a = await sessions.CreateAsync(new { userId = "ada", device = "phone" });
            var b = await sessions.CreateAsync(new { userId = "ada", device = "laptop" });
            await sessions.CreateAsync(new { userId = "bob" });
            await Task.Delay(1300);
            var listed = await sessions.GetUserSessionsAsync("ada");
            Assert.Equal(new[] { a, b }.Order(), listed.Select(s => s.Id).Order());
            Assert.DoesNotContain(expiring, listed.Select(s => s.Id));
            Assert.Equal(2, await sessions.DestroyUserSessionsAsync("ada"));
            Assert.Null(await sessions.GetAsync(a));
            Assert.Single(await sessions.GetUserSessionsAsync("bob"));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task A_stale_index_entry_left_by_a_failed_change_of_user_neither_lists_nor_ends_the_new_users_session(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var sessions = store.CreateSessionStore(new SessionStoreOptions { Ttl = TimeSpan.FromMinutes(5) });
            var id = await sessions.CreateAsync(new { userId = "ada", device = "phone" });
            Assert.True(await sessions.UpdateAsync(id, new { userId = "bob" }));
            // What an update cut before its last step leaves: the old user's index still naming the session.
            await store.Connection.GetDatabase().SortedSetAddAsync(store.Options.KeyPrefix + "session:user:ada", id, double.MaxValue);
            Assert.Empty(await sessions.GetUserSessionsAsync("ada"));
            await store.Connection.GetDatabase().SortedSetAddAsync(store.Options.KeyPrefix + "session:user:ada", id, double.MaxValue);
            Assert.Equal(0, await sessions.DestroyUserSessionsAsync("ada"));
            Assert.Equal("bob", (await sessions.GetAsync(id))?.UserId);
            Assert.Equal([id], (await sessions.GetUserSessionsAsync("bob")).Select(s => s.Id));
            Assert.Equal(1, await sessions.DestroyUserSessionsAsync("bob"));
            Assert.Null(await sessions.GetAsync(id));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Fact]
    public async Task Session_ids_never_appear_in_logs()
    {
        var logs = new ListLoggerProvider();
        using var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        var store = await TestRedis.OpenAsync(Topology.Single, o => o with { LoggerFactory = factory });
        try
        {
            var sessions = store.CreateSessionStore();
            var id = await sessions.CreateAsync(new { userId = "u" });
            await sessions.TouchAsync(id);
            await sessions.DestroyAsync(id);
            Assert.NotEmpty(logs.Lines);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(id, StringComparison.Ordinal));
            Assert.Contains(logs.Lines, line => line.Contains(SessionStore.Hash(id), StringComparison.Ordinal));
        }
        finally { await TestRedis.CleanAsync(store); }
    }
}
