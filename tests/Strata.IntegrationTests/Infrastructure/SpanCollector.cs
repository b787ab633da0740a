using System.Collections.Concurrent;
using System.Diagnostics;
using Strata.Diagnostics;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// Records the Strata spans of one test: it starts a root activity, and keeps only the spans of that trace, so tests
/// running at the same time do not see each other's spans. Dispose it at the end of the test.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanCollector()
    {
        Root = new Activity("test-root");
        Root.SetIdFormat(ActivityIdFormat.W3C);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StrataTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == Root.TraceId) Spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_listener);
        Root.Start();
    }

    /// <summary>The test's own activity: every span it causes is in its trace.</summary>
    public Activity Root { get; }

    /// <summary>The stopped spans, in the order they stopped.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Every attribute value of every span, as text.</summary>
    public IEnumerable<string> AllTagValues() =>
        Spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName).Append(s.StatusDescription ?? ""));

    public void Dispose()
    {
        Root.Stop();
        _listener.Dispose();
    }
}
