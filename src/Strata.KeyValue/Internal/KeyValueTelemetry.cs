using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strata.Diagnostics;

namespace Strata.KeyValue.Internal;

/// <summary>
/// The key-value store's instruments on the <c>Strata</c> meter and its spans on the <c>Strata</c> activity source (the
/// same names as the SQL side, so one <c>AddMeter("Strata")</c>/<c>AddSource("Strata")</c> collects both). Every
/// measurement carries <c>db.system.name</c> = <c>rocksdb</c> and <c>db.namespace</c> = the store's directory:
/// <list type="bullet">
/// <item><c>db.client.operation.duration</c> (s): each operation, with <c>db.operation.name</c> (<c>get</c>, <c>put</c>, <c>delete</c>,
/// <c>exists</c>, <c>increment</c>, <c>scan</c>, <c>range</c>, <c>write_batch</c>, <c>commit</c>), <c>db.collection.name</c> (the namespace) and <c>error.type</c> on failure.</item>
/// <item><c>strata.kv.bytes.read</c>, <c>strata.kv.bytes.written</c> (By): value and key bytes through the API.</item>
/// <item><c>strata.transaction.retries</c>: transactions run again after a conflict, with <c>error.type</c>.</item>
/// <item><c>strata.kv.conflicts</c>: optimistic transactions whose commit found a conflict.</item>
/// <item><c>strata.migration.duration</c> (s): KV migration steps, with <c>strata.migration.direction</c> and <c>strata.migration.outcome</c>.</item>
/// </list>
/// Nothing is measured, and no tags are built, while nobody listens.
/// </summary>
internal static class KeyValueTelemetry
{
    private static readonly string? Version = typeof(StrataMetrics).Assembly.GetName().Version?.ToString();

    internal static readonly Meter Meter = new(StrataMetrics.MeterName, Version);

    internal static readonly ActivitySource Source = new(StrataTracing.ActivitySourceName, Version);

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", unit: "s", description: "Duration of database operations.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });

    internal static readonly Counter<long> BytesRead = Meter.CreateCounter<long>(
        "strata.kv.bytes.read", unit: "By", description: "Key and value bytes read from key-value stores.");

    internal static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>(
        "strata.kv.bytes.written", unit: "By", description: "Key and value bytes written to key-value stores.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "strata.transaction.retries", unit: "{retry}", description: "Transactions run again after a transient failure.");

    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "strata.kv.conflicts", unit: "{conflict}", description: "Optimistic key-value transactions whose commit found a conflicting write.");

    internal static readonly Histogram<double> MigrationDuration = Meter.CreateHistogram<double>(
        "strata.migration.duration", unit: "s", description: "Duration of migration steps.");

    public static void AddTarget(ref TagList tags, string path)
    {
        tags.Add(TelemetryNames.DbSystemName, KeyValueStore.SystemName);
        tags.Add(TelemetryNames.DbNamespace, path);
    }

    public static void RecordBytes(string path, long read, long written)
    {
        if (read > 0 && BytesRead.Enabled)
        {
            var tags = new TagList();
            AddTarget(ref tags, path);
            BytesRead.Add(read, in tags);
        }
        if (written > 0 && BytesWritten.Enabled)
        {
            var tags = new TagList();
            AddTarget(ref tags, path);
            BytesWritten.Add(written, in tags);
        }
    }

    public static void RecordConflict(string path)
    {
        if (!Conflicts.Enabled) return;
        var tags = new TagList();
        AddTarget(ref tags, path);
        Conflicts.Add(1, in tags);
    }

    public static void RecordRetry(string path, Exception? error)
    {
        if (!Retries.Enabled) return;
        var tags = new TagList();
        AddTarget(ref tags, path);
        if (error is not null) tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
        Retries.Add(1, in tags);
    }

    public static void RecordMigration(string path, string direction, TimeSpan elapsed, bool failed)
    {
        if (!MigrationDuration.Enabled) return;
        var tags = new TagList();
        AddTarget(ref tags, path);
        tags.Add(TelemetryNames.MigrationDirection, direction);
        tags.Add(TelemetryNames.MigrationOutcome, failed ? "failure" : "success");
        MigrationDuration.Record(elapsed.TotalSeconds, in tags);
    }

    /// <summary>Marks a span failed with the Strata exception's type, as the SQL side does (the message is not recorded).</summary>
    public static void Fail(Activity activity, Exception error)
    {
        activity.SetStatus(ActivityStatusCode.Error);
        if (activity.IsAllDataRequested) activity.SetTag(TelemetryNames.ErrorType, error.GetType().Name);
        activity.Stop();
    }
}

/// <summary>
/// One operation's span and duration measurement; a default (empty) scope when nobody listens, so the hot path pays two
/// flag checks and nothing else.
/// </summary>
internal readonly struct OperationScope
{
    private readonly string? _path;
    private readonly string? _operation;
    private readonly string? _collection;
    private readonly long _started;
    private readonly Activity? _activity;

    private OperationScope(string path, string operation, string collection, Activity? activity)
    {
        _path = path;
        _operation = operation;
        _collection = collection;
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts measuring <paramref name="operation"/> on <paramref name="collection"/> (the namespace).</summary>
    public static OperationScope Start(string path, string operation, string collection, ActivityKind kind = ActivityKind.Client)
    {
        var measured = KeyValueTelemetry.Duration.Enabled;
        var activity = KeyValueTelemetry.Source.HasListeners() ? KeyValueTelemetry.Source.StartActivity(operation + " " + collection, kind) : null;
        if (!measured && activity is null) return default;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryNames.DbSystemName, KeyValueStore.SystemName);
            activity.SetTag(TelemetryNames.DbNamespace, path);
            activity.SetTag(TelemetryNames.DbOperationName, operation);
            activity.SetTag(TelemetryNames.DbCollectionName, collection);
        }
        return new OperationScope(path, operation, collection, activity);
    }

    /// <summary>The span, when one is recorded.</summary>
    public Activity? Activity => _activity;

    public void Complete() => End(null);

    public void Fail(Exception error) => End(error);

    private void End(Exception? error)
    {
        if (_path is null) return;
        if (KeyValueTelemetry.Duration.Enabled)
        {
            var tags = new TagList();
            KeyValueTelemetry.AddTarget(ref tags, _path);
            tags.Add(TelemetryNames.DbOperationName, _operation);
            tags.Add(TelemetryNames.DbCollectionName, _collection);
            if (error is not null) tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
            KeyValueTelemetry.Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, in tags);
        }
        if (_activity is null) return;
        if (error is null) _activity.Stop();
        else KeyValueTelemetry.Fail(_activity, error);
    }
}
