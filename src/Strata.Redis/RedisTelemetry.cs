using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Strata.Diagnostics;

namespace Strata.Redis;

/// <summary>
/// The Redis package's instruments on the <c>Strata</c> meter and its spans on the <c>Strata</c> activity source (the same
/// names as the core's, so one <c>AddMeter("Strata")</c>/<c>AddSource("Strata")</c> hears both). Nothing is recorded, and
/// no tags are built, while nobody listens.
/// </summary>
internal static class RedisTelemetry
{
    private static readonly string? Version = typeof(RedisTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly Meter Meter = new(StrataMetrics.MeterName, Version);

    public static readonly ActivitySource Source = new(StrataTracing.ActivitySourceName, Version);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "db.client.operation.duration", unit: "s", description: "Duration of database commands.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });

    private static readonly Counter<long> Hits = Meter.CreateCounter<long>(RedisTelemetryNames.CacheHits, "{read}", "Cache reads answered from the cache.");
    private static readonly Counter<long> Misses = Meter.CreateCounter<long>(RedisTelemetryNames.CacheMisses, "{read}", "Cache reads the cache could not answer.");
    private static readonly Counter<long> FactoryCalls = Meter.CreateCounter<long>(RedisTelemetryNames.CacheFactoryCalls, "{call}", "Factories run to fill the cache.");
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>(RedisTelemetryNames.RateLimiterDecisions, "{decision}", "Rate limiter decisions.");
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(RedisTelemetryNames.RateLimiterFallbacks, "{decision}", "Rate limiter decisions made by the fail mode.");

    public static void CacheRead(string cache, bool hit)
    {
        var counter = hit ? Hits : Misses;
        if (counter.Enabled) counter.Add(1, new KeyValuePair<string, object?>(RedisTelemetryNames.CacheName, cache));
    }

    public static void FactoryCalled(string cache)
    {
        if (FactoryCalls.Enabled) FactoryCalls.Add(1, new KeyValuePair<string, object?>(RedisTelemetryNames.CacheName, cache));
    }

    public static void Decided(string policy, bool allowed)
    {
        if (Decisions.Enabled)
            Decisions.Add(1, new KeyValuePair<string, object?>(RedisTelemetryNames.RateLimiterOutcome, allowed ? "allowed" : "denied"),
                new KeyValuePair<string, object?>(RedisTelemetryNames.RateLimiterPolicy, policy));
    }

    public static void FellBack(string failMode)
    {
        if (Fallbacks.Enabled) Fallbacks.Add(1, new KeyValuePair<string, object?>(RedisTelemetryNames.RateLimiterFailMode, failMode));
    }

    /// <summary>Starts a client span <c>{operation} {namespace}</c> for a command, or null when nobody samples it.</summary>
    public static Activity? StartCommand(string operation, RedisOptions options)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(operation + " " + options.Database.ToString(CultureInfo.InvariantCulture), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryNames.DbSystemName, RedisErrors.Dialect);
            activity.SetTag(TelemetryNames.DbNamespace, options.Database.ToString(CultureInfo.InvariantCulture));
            activity.SetTag(TelemetryNames.DbOperationName, operation);
            var endpoint = options.Endpoints[0];
            var colon = endpoint.LastIndexOf(':');
            activity.SetTag(TelemetryNames.ServerAddress, endpoint[..colon]);
            activity.SetTag(TelemetryNames.ServerPort, int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
        }
        return activity;
    }

    /// <summary>Records a command's duration (and failure) and ends its span.</summary>
    public static void EndCommand(Activity? activity, string operation, long started, Exception? error)
    {
        if (Duration.Enabled)
        {
            var tags = new TagList
            {
                { TelemetryNames.DbSystemName, RedisErrors.Dialect },
                { TelemetryNames.DbOperationName, operation },
            };
            if (error is not null) tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, in tags);
        }
        if (activity is null) return;
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            if (activity.IsAllDataRequested) activity.SetTag(TelemetryNames.ErrorType, error.GetType().Name);
        }
        activity.Stop();
    }
}
