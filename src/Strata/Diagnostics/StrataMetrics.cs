using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Strata.Diagnostics;

/// <summary>
/// The <c>Strata</c> meter. Every measurement carries <c>db.system.name</c>, <c>db.namespace</c> and, for servers,
/// <c>server.address</c> and <c>server.port</c>:
/// <list type="bullet">
/// <item><c>db.client.operation.duration</c> (s, histogram): each command, with <c>db.operation.name</c> and, when it failed, <c>error.type</c>.</item>
/// <item><c>strata.command.errors</c> (counter): failed commands, with <c>db.operation.name</c> and <c>error.type</c>.</item>
/// <item><c>strata.connection.errors</c> (counter): connections that could not be opened, with <c>error.type</c>.</item>
/// <item><c>strata.transaction.duration</c> (s, histogram): top-level transactions from BEGIN to their end, with <c>strata.transaction.outcome</c>.</item>
/// <item><c>strata.transaction.retries</c> (counter): transactions run again after a transient failure, with <c>error.type</c>.</item>
/// <item><c>strata.migration.duration</c> (s, histogram): migration steps, with <c>strata.migration.direction</c> and <c>strata.migration.outcome</c>.</item>
/// <item><c>db.client.connection.count</c> (observable up-down counter): connections by <c>db.client.connection.state</c> (<c>idle</c>, <c>used</c>), with <c>db.client.connection.pool.name</c>.</item>
/// <item><c>db.client.connection.pending_requests</c> (observable up-down counter): callers waiting for a connection, with <c>db.client.connection.pool.name</c>.</item>
/// </list>
/// Nothing is recorded, and no tags are built, while no listener has enabled an instrument.
/// </summary>
public static class StrataMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Strata";

    internal static readonly string? Version = typeof(StrataMetrics).Assembly.GetName().Version?.ToString();

    internal static readonly Meter Meter = new(MeterName, Version);

    // The conventions' advice for database durations: most commands take milliseconds, a few take seconds.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    };

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "db.client.operation.duration", unit: "s", description: "Duration of database commands.", tags: null, advice: DurationAdvice);

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "strata.command.errors", unit: "{error}", description: "Database commands that failed.");

    internal static readonly Counter<long> ConnectionErrors = Meter.CreateCounter<long>(
        "strata.connection.errors", unit: "{error}", description: "Connections that could not be opened.");

    internal static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram(
        "strata.transaction.duration", unit: "s", description: "Duration of top-level transactions, from BEGIN to commit or rollback.", tags: null, advice: DurationAdvice);

    internal static readonly Counter<long> TransactionRetries = Meter.CreateCounter<long>(
        "strata.transaction.retries", unit: "{retry}", description: "Transactions run again after a transient failure.");

    internal static readonly Histogram<double> MigrationDuration = Meter.CreateHistogram(
        "strata.migration.duration", unit: "s", description: "Duration of migration steps.", tags: null, advice: DurationAdvice);

    internal static void RecordCommand(TelemetryTarget target, CommandKind kind, TimeSpan elapsed, Exception? error)
    {
        if (Duration.Enabled)
        {
            var tags = CommandTags(target, kind, error);
            Duration.Record(elapsed.TotalSeconds, in tags);
        }
        if (error is not null && Errors.Enabled)
        {
            var tags = CommandTags(target, kind, error);
            Errors.Add(1, in tags);
        }
    }

    internal static void RecordConnectionError(TelemetryTarget target, Exception error)
    {
        if (!ConnectionErrors.Enabled) return;
        var tags = new TagList();
        target.AddTo(ref tags);
        tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
        ConnectionErrors.Add(1, in tags);
    }

    internal static void RecordTransaction(TelemetryTarget target, TimeSpan elapsed, string outcome)
    {
        if (!TransactionDuration.Enabled) return;
        var tags = new TagList();
        target.AddTo(ref tags);
        tags.Add(TelemetryNames.TransactionOutcome, outcome);
        TransactionDuration.Record(elapsed.TotalSeconds, in tags);
    }

    internal static void RecordRetry(TelemetryTarget target, Exception? error)
    {
        if (!TransactionRetries.Enabled) return;
        var tags = new TagList();
        target.AddTo(ref tags);
        if (error is not null) tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
        TransactionRetries.Add(1, in tags);
    }

    internal static void RecordMigration(TelemetryTarget target, string direction, TimeSpan elapsed, bool failed)
    {
        if (!MigrationDuration.Enabled) return;
        var tags = new TagList();
        target.AddTo(ref tags);
        tags.Add(TelemetryNames.MigrationDirection, direction);
        tags.Add(TelemetryNames.MigrationOutcome, failed ? "failure" : "success");
        MigrationDuration.Record(elapsed.TotalSeconds, in tags);
    }

    private static TagList CommandTags(TelemetryTarget target, CommandKind kind, Exception? error)
    {
        var tags = new TagList();
        target.AddTo(ref tags);
        tags.Add(TelemetryNames.DbOperationName, TelemetryTarget.OperationName(kind));
        if (error is not null) tags.Add(TelemetryNames.ErrorType, error.GetType().Name);
        return tags;
    }
}
