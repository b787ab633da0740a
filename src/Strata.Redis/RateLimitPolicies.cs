using System.Globalization;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Strata.Redis;

// Each script decides once, atomically, on the server's clock (TIME), touching only the keys in KEYS, and gives every key it
// writes a time to live. It returns {allowed, remaining, reset_ms, retry_after_ms}. A permits argument of 0 peeks.

internal sealed record FixedWindowPolicy(int WindowLimit, TimeSpan Window) : RateLimitPolicy
{
    public override int Limit => WindowLimit;
    public override string Name => "fixed_window";
    internal override TimeSpan Span => Window;
    internal override RedisValue[] Arguments(int permits) => [WindowLimit, (long)Window.TotalMilliseconds, permits];
    internal override RateLimiter CreateLocal() => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
    { PermitLimit = WindowLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true });

    internal override string Script => """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local start = now - (now % window)
        local reset = start + window
        local count = 0
        if tonumber(redis.call('HGET', KEYS[1], 'w') or '-1') == start then
          count = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
        end
        local want = permits
        if want == 0 then want = 1 end
        local allowed = 0
        if count + want <= limit then
          allowed = 1
          if permits > 0 then
            count = count + permits
            redis.call('HSET', KEYS[1], 'w', start, 'c', count)
            redis.call('PEXPIREAT', KEYS[1], reset)
          end
        end
        local retry = 0
        if allowed == 0 then retry = reset - now end
        return {allowed, limit - count, reset, retry}
        """;
}

internal sealed record SlidingWindowPolicy(int WindowLimit, TimeSpan Window) : RateLimitPolicy
{
    public override int Limit => WindowLimit;
    public override string Name => "sliding_window";
    internal override TimeSpan Span => Window;
    internal override RedisValue[] Arguments(int permits) => [WindowLimit, (long)Window.TotalMilliseconds, permits];
    internal override RateLimiter CreateLocal() => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
    { PermitLimit = WindowLimit, Window = Window, SegmentsPerWindow = 10, QueueLimit = 0, AutoReplenishment = true });

    // KEYS[1]: a sorted set of permits scored by time; KEYS[2]: a counter making each member unique (same hash slot).
    internal override string Script => """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        local want = permits
        if want == 0 then want = 1 end
        local allowed = 0
        if count + want <= limit then
          allowed = 1
          if permits > 0 then
            local seq = redis.call('INCRBY', KEYS[2], permits)
            for i = 1, permits do
              redis.call('ZADD', KEYS[1], now, now .. ':' .. (seq - i))
            end
            count = count + permits
            redis.call('PEXPIRE', KEYS[1], window)
            redis.call('PEXPIRE', KEYS[2], window)
          end
        end
        local reset = now + window
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if #oldest > 0 then reset = tonumber(oldest[2]) + window end
        local retry = 0
        if allowed == 0 then
          local need = count + want - limit
          local freed = redis.call('ZRANGE', KEYS[1], need - 1, need - 1, 'WITHSCORES')
          if #freed > 0 then retry = tonumber(freed[2]) + window - now else retry = window end
        end
        return {allowed, limit - count, reset, retry}
        """;
}

internal sealed record TokenBucketPolicy(int Capacity, int TokensPerPeriod, TimeSpan Period) : RateLimitPolicy
{
    public override int Limit => Capacity;
    public override string Name => "token_bucket";
    internal override TimeSpan Span => Period;
    private double PerMillisecond => TokensPerPeriod / Period.TotalMilliseconds;
    internal override RedisValue[] Arguments(int permits) => [Capacity, PerMillisecond.ToString("R", CultureInfo.InvariantCulture), permits];
    internal override RateLimiter CreateLocal() => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    { TokenLimit = Capacity, TokensPerPeriod = TokensPerPeriod, ReplenishmentPeriod = Period, QueueLimit = 0, AutoReplenishment = true });

    internal override string Script => """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local tokens = tonumber(redis.call('HGET', KEYS[1], 'k') or ARGV[1])
        local last = tonumber(redis.call('HGET', KEYS[1], 't') or now)
        if now > last then tokens = math.min(capacity, tokens + (now - last) * rate) end
        local want = permits
        if want == 0 then want = 1 end
        local allowed = 0
        if tokens >= want then
          allowed = 1
          if permits > 0 then
            tokens = tokens - permits
            redis.call('HSET', KEYS[1], 'k', tostring(tokens), 't', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1)
          end
        end
        local reset = now + math.ceil((capacity - tokens) / rate)
        local retry = 0
        if allowed == 0 then retry = math.ceil((want - tokens) / rate) end
        return {allowed, math.floor(tokens), reset, retry}
        """;
}
