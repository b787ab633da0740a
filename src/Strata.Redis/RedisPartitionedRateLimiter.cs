using System.Threading.RateLimiting;

namespace Strata.Redis;

/// <summary>A <see cref="RedisRateLimiter"/> as a <see cref="PartitionedRateLimiter{TResource}"/> (<see cref="RedisRateLimiter.AsPartitioned{TResource}"/>).</summary>
internal sealed class RedisPartitionedRateLimiter<TResource>(RedisRateLimiter limiter, Func<TResource, string> key) : PartitionedRateLimiter<TResource>
{
    public override RateLimiterStatistics? GetStatistics(TResource resource) => null;

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) =>
        // Bounded by the limiter's fail timeout: the fail mode answers when Redis is slow.
        AcquireAsyncCore(resource, permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken)
    {
        var partition = key(resource);
        var decision = permitCount == 0
            ? await limiter.CheckAsync(partition, cancellationToken).ConfigureAwait(false)
            : await limiter.ConsumeAsync(partition, permitCount, cancellationToken).ConfigureAwait(false);
        return new Lease(decision);
    }

    internal sealed class Lease(RateLimitDecision decision) : RateLimitLease
    {
        public override bool IsAcquired => decision.Allowed;

        public override IEnumerable<string> MetadataNames => decision.Allowed ? [] : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (!decision.Allowed && metadataName == MetadataName.RetryAfter.Name) { metadata = decision.RetryAfter; return true; }
            if (!decision.Allowed && metadataName == MetadataName.ReasonPhrase.Name)
            {
                metadata = $"Rate limit of {decision.Limit} reached; retry after {decision.RetryAfter.TotalSeconds:0.#} s.";
                return true;
            }
            metadata = null;
            return false;
        }
    }
}

/// <summary>One key of a <see cref="RedisRateLimiter"/> as a <see cref="RateLimiter"/> (<see cref="RedisRateLimiter.ForKey"/>).</summary>
internal sealed class RedisKeyRateLimiter(RedisRateLimiter limiter, string key) : RateLimiter
{
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        AcquireAsyncCore(permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        new RedisPartitionedRateLimiter<string>.Lease(permitCount == 0
            ? await limiter.CheckAsync(key, cancellationToken).ConfigureAwait(false)
            : await limiter.ConsumeAsync(key, permitCount, cancellationToken).ConfigureAwait(false));
}
