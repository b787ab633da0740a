using System.Text.Json;
using StackExchange.Redis;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Redis;

namespace Strata.FaultTests;

/// <summary>
/// Sessions and the rate limiter on the shared Redis, under the test's own key prefix, with the store's connections killed
/// before its command N for N = 1, 2, … until the scenario completes (see <see cref="RedisCommandFault"/>): a typed error
/// (or, for the limiter, a fail-mode decision), no half-written session, every session in its user's index, and never
/// more permits than the limit.
/// </summary>
public class NthCommandRedisFaultTests
{
    private const int MaxCommands = 60;

    /// <summary>What the session keys under <paramref name="prefix"/> hold, checked whole; throws naming what is wrong.</summary>
    private static async Task AssertSessionsConsistentAsync(RedisCommandFault fault, string prefix, SessionStore sessions, string where)
    {
        var admin = fault.Admin;
        var server = fault.AdminServer;
        var live = new Dictionary<string, string>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "session:*"))
        {
            var name = ((string)key!)[(prefix + "session:").Length..];
            if (name.StartsWith("user:", StringComparison.Ordinal)) continue;
            var fields = (await admin.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
            // Whole: every field the scenario writes, and an expiry.
            Assert.True(fields.ContainsKey("userId") && fields.ContainsKey("cart"), $"{where}: session {name} is half-written: {string.Join(", ", fields.Keys)}");
            Assert.True(await admin.KeyTimeToLiveAsync(key) is { } ttl && ttl > TimeSpan.Zero, $"{where}: session {name} has no expiry");
            live[name] = JsonDocument.Parse(fields["userId"]).RootElement.GetString()!;
        }
        foreach (var user in new[] { "u1", "u2" })
        {
            // Every live session of a user is found (and ended) through the user; none of another user is.
            var listed = (await sessions.GetUserSessionsAsync(user)).ToList();
            foreach (var session in listed)
                Assert.True(session.UserId == user, $"{where}: {user}'s sessions include one of {session.UserId}");
            foreach (var (id, owner) in live.Where(s => s.Value == user))
                Assert.True(listed.Any(s => s.Id == id), $"{where}: a live session of {user} is missing from {user}'s index, so ending {user}'s sessions would leave it");
        }
    }

    [Theory, InlineData(RedisFaultKind.ConnectionClosed), InlineData(RedisFaultKind.ConnectionKilled), InlineData(RedisFaultKind.CutBeforeServer), InlineData(RedisFaultKind.CutAfterServer)]
    public async Task A_session_is_never_half_written_and_always_in_its_users_index_whichever_command_is_cut(RedisFaultKind kind)
    {
        var prefix = TestDatabase.Table("ftrs") + ":";
        await using var fault = new RedisCommandFault(prefix, kind);
        try
        {
            for (var n = 1; n <= MaxCommands; n++)
            {
                var sessions = fault.Store.CreateSessionStore();
                fault.Arm(n);
                Exception? error = null;
                try
                {
                    var id = await sessions.CreateAsync(new { userId = "u1", cart = 1 });
                    Assert.True(await sessions.UpdateAsync(id, new { cart = 2 }));
                    Assert.True(await sessions.UpdateAsync(id, new { userId = "u2" }));
                    Assert.Equal("u2", (await sessions.GetAsync(id))?.UserId);
                    Assert.True(await sessions.DestroyAsync(id));
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    error = e;
                }
                var fired = fault.Fired;
                var where = $"sessions under {prefix} with {kind} at command N={n} ({fault.FailedCommand})";
                fault.Arm(0);
                sessions = (await fault.ReopenAsync()).CreateSessionStore();
                if (!fired)
                {
                    Assert.True(error is null, $"{where}: failed without a fault: {error}");
                    Assert.True(n > 5, $"the session scenario completed after only {n - 1} commands");
                    await AssertSessionsConsistentAsync(fault, prefix, sessions, where);
                    return;
                }
                if (kind != RedisFaultKind.ConnectionKilled) Assert.True(error is RedisConnectionFailureException, $"{where}: expected RedisConnectionFailureException, got {error}");
                if (error is not null)
                    Assert.True(error is DatabaseException, $"{where}: expected a typed Redis error, got {error.GetType().FullName}: {error}");
                await AssertSessionsConsistentAsync(fault, prefix, sessions, where);
                // The next round starts from no sessions.
                foreach (var user in new[] { "u1", "u2" }) await sessions.DestroyUserSessionsAsync(user);
                await DeleteKeysAsync(fault, prefix);
            }
            Assert.Fail($"the session scenario did not complete within {MaxCommands} commands");
        }
        finally
        {
            await DeleteKeysAsync(fault, prefix);
        }
    }

    public static TheoryData<string, RedisFaultKind> Policies => new()
    {
        { "fixed", RedisFaultKind.ConnectionClosed }, { "sliding", RedisFaultKind.ConnectionClosed }, { "bucket", RedisFaultKind.ConnectionClosed },
        { "fixed", RedisFaultKind.CutBeforeServer }, { "sliding", RedisFaultKind.CutAfterServer }, { "bucket", RedisFaultKind.CutAfterServer },
        { "fixed", RedisFaultKind.ConnectionKilled },
    };

    [Theory, MemberData(nameof(Policies))]
    public async Task The_rate_limiter_never_grants_more_than_its_limit_whichever_command_is_cut(string kind, RedisFaultKind faultKind)
    {
        const int limit = 3;
        var prefix = TestDatabase.Table("ftrl") + ":";
        var policy = kind switch
        {
            "fixed" => RateLimitPolicy.FixedWindow(limit, TimeSpan.FromMinutes(5)),
            "sliding" => RateLimitPolicy.SlidingWindow(limit, TimeSpan.FromMinutes(5)),
            _ => RateLimitPolicy.TokenBucket(limit, 1, TimeSpan.FromMinutes(5)),
        };
        await using var fault = new RedisCommandFault(prefix, faultKind);
        var options = new RedisRateLimiterOptions { FailMode = RateLimiterFailMode.Deny, FailTimeout = TimeSpan.FromSeconds(1) };
        var cutDecisions = 0;
        try
        {
            for (var n = 1; n <= MaxCommands; n++)
            {
                var key = $"user-{n}";
                var limiter = fault.Store.CreateRateLimiter(policy, options);
                fault.Arm(n);
                var granted = 0;
                var fromFailMode = 0;
                Exception? error = null;
                try
                {
                    for (var i = 0; i < limit + 2; i++)
                    {
                        var decision = await limiter.ConsumeAsync(key);
                        if (decision.Allowed) granted++;
                        if (decision.FromFailMode) fromFailMode++;
                    }
                }
                catch (Exception e)
                {
                    error = e;
                }
                var fired = fault.Fired;
                var where = $"{kind} rate limiter under {prefix} with {faultKind} at command N={n} ({fault.FailedCommand})";
                fault.Arm(0);
                limiter = (await fault.ReopenAsync()).CreateRateLimiter(policy, options);
                Assert.True(error is null, $"{where}: a decision threw instead of falling back to the fail mode: {error}");
                Assert.True(granted <= limit, $"{where}: {granted} permits granted, the limit is {limit}");
                if (!fired)
                {
                    Assert.Equal(limit, granted);
                    Assert.True(n > limit, $"the limiter scenario completed after only {n - 1} commands");
                    // Every closed connection leads to a fail-mode decision; of the kills, some (the store may reconnect before the command).
                    if (faultKind != RedisFaultKind.ConnectionKilled) Assert.Equal(n - 1, cutDecisions);
                    return;
                }
                if (fromFailMode > 0) cutDecisions++;
                // Redis never counted less than it granted: what it still offers and what it granted stay within the limit (a
                // permit counted by a script whose answer was lost is refused, never granted twice).
                var left = await limiter.CheckAsync(key);
                Assert.False(left.FromFailMode, $"{where}: the check after reconnecting came from the fail mode");
                Assert.True(left.Remaining + granted <= limit, $"{where}: Redis offers {left.Remaining} more after granting {granted} of {limit}");
            }
            Assert.Fail($"the limiter scenario did not complete within {MaxCommands} commands");
        }
        finally
        {
            await DeleteKeysAsync(fault, prefix);
        }
    }

    private static async Task DeleteKeysAsync(RedisCommandFault fault, string prefix)
    {
        var server = fault.AdminServer;
        await foreach (var key in server.KeysAsync(pattern: prefix + "*")) await fault.Admin.KeyDeleteAsync(key);
    }
}
