using Strata.FaultTests.Infrastructure;
using Strata.Redis;

namespace Strata.FaultTests;

/// <summary>
/// A session id, an API key used as a rate-limit key and a Redis password go through the Redis layer's paths, working and
/// failing, while logs at Trace, spans, metrics, exceptions and health reports are captured: none may show them.
/// </summary>
public class RedisSecretCanaryTests
{
    private const string Password = "RedisCanary5pw8Wm3";
    private const string ApiKey = "ApiKeyCanary2Hj7Tq9";
    private const string FakeSession = "SessCanary4Lp9Vx1ZzQ";

    private static void AssertAbsent(SecretCapture capture, string where, params string[] secrets)
    {
        var text = capture.Text;
        Assert.False(string.IsNullOrEmpty(text), $"{where}: nothing was captured, so the test proves nothing");
        foreach (var secret in secrets)
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            if (at >= 0)
                throw new Xunit.Sdk.XunitException($"{where}: a secret appears in captured output: …{text[Math.Max(0, at - 300)..Math.Min(text.Length, at + 60)]}…");
        }
    }

    [Fact]
    public async Task Session_ids_and_api_keys_never_appear_in_logs_spans_metrics_or_errors()
    {
        using var capture = new SecretCapture();
        var prefix = $"ftcanary{Guid.NewGuid():N}"[..20] + ":";
        await using var redis = RedisStore.Open(RedisOptions.Parse($"redis://127.0.0.1:6379?prefix={prefix}") with { LoggerFactory = capture });
        var sessions = redis.CreateSessionStore(new SessionStoreOptions { Ttl = TimeSpan.FromMinutes(1) });
        var sid = await sessions.CreateAsync(new { userId = "u1", note = "canary" });
        Assert.NotNull(await sessions.GetAsync(sid));
        await sessions.UpdateAsync(sid, new { seen = 1 });
        await sessions.TouchAsync(sid);
        await sessions.GetUserSessionsAsync("u1");
        Assert.Null(await sessions.GetAsync(FakeSession));
        Assert.False(await sessions.UpdateAsync(FakeSession, new { seen = 2 }));
        capture.Add((await Record.ExceptionAsync(() => sessions.GetAsync(FakeSession + "\0bad")))?.ToString());
        await sessions.DestroyAsync(sid);
        var limiter = redis.CreateRateLimiter(RateLimitPolicy.FixedWindow(2, TimeSpan.FromMinutes(1)));
        for (var i = 0; i < 4; i++) capture.Add((await limiter.ConsumeAsync($"api:{ApiKey}")).ToString());
        await limiter.ResetAsync($"api:{ApiKey}");
        // Cache keys are not secrets: FusionCache logs them (at Information for some calls), so none is used here.
        AssertAbsent(capture, "Redis working paths", sid, FakeSession, ApiKey);
    }

    [Fact]
    public async Task A_redis_password_never_appears_when_redis_cannot_be_reached_or_refuses_it()
    {
        using var capture = new SecretCapture();
        foreach (var url in new[] { $"redis://:{Password}@127.0.0.1:9?connect_timeout=1s&command_timeout=1s", $"redis://:{Password}@127.0.0.1:6379?connect_timeout=1s&command_timeout=1s" })
        {
            var options = RedisOptions.Parse(url) with { LoggerFactory = capture };
            capture.Add(options.ToString());
            await using var redis = RedisStore.Open(options);
            capture.Add(redis.ToString());
            capture.Add((await Record.ExceptionAsync(() => redis.Cache.SetAsync("k", "v", TimeSpan.FromSeconds(5))))?.ToString());
            capture.Add((await Record.ExceptionAsync(() => redis.CreateSessionStore().CreateAsync(new { a = 1 })))?.ToString());
            capture.Add((await Record.ExceptionAsync(async () => await redis.CreateRateLimiter(RateLimitPolicy.FixedWindow(1, TimeSpan.FromSeconds(1))).ConsumeAsync($"api:{ApiKey}")))?.ToString());
        }
        capture.Add(Record.Exception(() => RedisOptions.Parse($"redis://:{Password}@127.0.0.1:notaport"))?.ToString());
        capture.Add(Record.Exception(() => RedisOptions.Parse($"redis://:{Password}@127.0.0.1:6379?prefix=a*b"))?.ToString());
        AssertAbsent(capture, "Redis failure paths", Password, ApiKey);
    }
}
