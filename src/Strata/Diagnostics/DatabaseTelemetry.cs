using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Providers;

namespace Strata.Diagnostics;

/// <summary>
/// One database's observers in one place: its spans, measurements, events, statistics and the log lines that are not
/// about a single command. Each hook first asks whether anyone listens, so that a command nobody observes pays a few
/// checks and allocates nothing.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed partial class DatabaseTelemetry : IDisposable
{
    private readonly Dialects.SqlDialect _dialect;
    private readonly string _description;
    private readonly PoolInstruments _pool;
    private int _connected;

    public DatabaseTelemetry(Database owner, Dialects.SqlDialect dialect, DatabaseEndpoint endpoint, ConnectionSettings settings, DatabaseOptions options)
    {
        _dialect = dialect;
        _description = settings.ToString();
        Target = new TelemetryTarget(dialect.Name, endpoint, settings);
        Logger = options.LoggerFactory?.CreateLogger("Strata.Database");
        Events = new DatabaseEvents(owner, Logger);
        Statistics = options.CollectStatistics ? new QueryStatistics() : null;
        SlowThreshold = options.SlowQueryThreshold;
        _pool = new PoolInstruments(Target, owner);
    }

    public TelemetryTarget Target { get; }

    public ILogger? Logger { get; }

    public DatabaseEvents Events { get; }

    public QueryStatistics? Statistics { get; }

    public TimeSpan? SlowThreshold { get; }

    /// <summary>Starts a command's span, under the transaction <paramref name="session"/> runs in when there is one.</summary>
    public Activity? StartCommand(CommandKind kind, SessionBase session)
    {
        if (!StrataTracing.Source.HasListeners()) return null;
        var activity = StrataTracing.Start(Target.CommandSpanName(kind), ActivityKind.Client, session.CurrentTransaction?.Span);
        if (activity is { IsAllDataRequested: true })
        {
            Target.AddTo(activity);
            activity.SetTag(TelemetryNames.DbOperationName, TelemetryTarget.OperationName(kind));
        }
        return activity;
    }

    /// <summary>Records a finished command: measurement, span, statistics and events.</summary>
    public void CommandSucceeded(CommandKind kind, string sql, TimeSpan elapsed, Activity? activity)
    {
        StrataMetrics.RecordCommand(Target, kind, elapsed, null);
        if (activity is not null)
        {
            if (activity.IsAllDataRequested) activity.SetTag(TelemetryNames.DbQueryText, sql);
            activity.Stop();
        }
        if (Statistics is null && !Events.WantsQueries) return;
        var shape = StatementShape.Normalize(sql, _dialect);
        Statistics?.Record(shape, elapsed, failed: false);
        if (Events.WantsQueries) Events.OnQueryExecuted(shape, kind, elapsed, IsSlow(elapsed) ? SlowThreshold : null);
    }

    /// <summary>Records a failed command; <paramref name="error"/> is the translated exception.</summary>
    public void CommandFailed(CommandKind kind, string sql, TimeSpan elapsed, Exception error, Activity? activity)
    {
        StrataMetrics.RecordCommand(Target, kind, elapsed, error);
        if (activity is not null)
        {
            if (activity.IsAllDataRequested) activity.SetTag(TelemetryNames.DbQueryText, sql);
            StrataTracing.Fail(activity, error);
        }
        if (Statistics is null && !Events.WantsQueries) return;
        var shape = StatementShape.Normalize(sql, _dialect);
        Statistics?.Record(shape, elapsed, failed: true);
        if (Events.WantsQueries) Events.OnQueryFailed(shape, kind, elapsed, error);
    }

    public bool IsSlow(TimeSpan elapsed) => SlowThreshold is { } threshold && elapsed > threshold;

    /// <summary>Starts a bulk insert's one span for all its rows.</summary>
    public Activity? StartBulkInsert(SessionBase session, string table)
    {
        var activity = StartCommand(CommandKind.BulkInsert, session);
        if (activity is { IsAllDataRequested: true }) activity.SetTag(TelemetryNames.DbCollectionName, table);
        return activity;
    }

    /// <summary>Starts a transaction's span, under its parent transaction's span for a savepoint.</summary>
    public Activity? StartTransaction(Transaction? parent, TransactionOptions options, int attempt)
    {
        if (!StrataTracing.Source.HasListeners()) return null;
        var activity = StrataTracing.Start(Target.TransactionSpanName, ActivityKind.Internal, parent?.Span);
        if (activity is { IsAllDataRequested: true })
        {
            Target.AddTo(activity);
            if (parent is not null) activity.SetTag(TelemetryNames.TransactionSavepoint, true);
            if (options.Isolation != System.Data.IsolationLevel.Unspecified) activity.SetTag(TelemetryNames.TransactionIsolation, options.Isolation.ToString());
            if (attempt > 1) activity.SetTag(TelemetryNames.TransactionAttempt, attempt);
        }
        return activity;
    }

    /// <summary>
    /// A transaction ended in <paramref name="state"/>: its span gets the outcome (and the error that ended it, if any);
    /// a top-level one also records its duration and raises its event.
    /// </summary>
    public void TransactionEnded(TransactionTrace trace, bool topLevel, TransactionState state, TransactionOptions options, Exception? error)
    {
        var outcome = state switch
        {
            TransactionState.Committed => "committed",
            TransactionState.RolledBack => "rolled_back",
            TransactionState.Unknown => "unknown",
            _ => "failed",
        };
        if (trace.Span is { } span)
        {
            if (span.IsAllDataRequested) span.SetTag(TelemetryNames.TransactionOutcome, outcome);
            if (error is not null) StrataTracing.Fail(span, error);
            else span.Stop();
        }
        if (!topLevel) return;
        var elapsed = Stopwatch.GetElapsedTime(trace.Started);
        StrataMetrics.RecordTransaction(Target, elapsed, outcome);
        if (Events.WantsTransactions && state is not TransactionState.Unknown)
            Events.OnTransactionEnded(state == TransactionState.Committed, new TransactionEventArgs(elapsed, options.Isolation, Math.Max(1, trace.Attempt), error));
    }

    /// <summary>Starts a migration step's span; the statements it runs are its children.</summary>
    public Activity? StartMigration(MigrationDefinition migration, MigrationDirection direction)
    {
        if (!StrataTracing.Source.HasListeners()) return null;
        var activity = StrataTracing.Source.StartActivity(direction == MigrationDirection.Up ? "migration up" : "migration down", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            Target.AddTo(activity);
            activity.SetTag(TelemetryNames.MigrationVersion, migration.Version);
            activity.SetTag(TelemetryNames.MigrationDirection, DirectionName(direction));
        }
        return activity;
    }

    /// <summary>A migration step ended: its span, duration and event (<paramref name="e"/> has the error when it failed).</summary>
    public void MigrationEnded(Activity? activity, MigrationEventArgs e)
    {
        var failed = e.Error is not null;
        if (activity is not null)
        {
            if (activity.IsAllDataRequested) activity.SetTag(TelemetryNames.MigrationOutcome, failed ? "failure" : "success");
            if (e.Error is { } error) StrataTracing.Fail(activity, error);
            else activity.Stop();
        }
        StrataMetrics.RecordMigration(Target, DirectionName(e.Direction), e.Duration, failed);
        if (failed) Events.OnMigrationFailed(e);
        else Events.OnMigrationCompleted(e);
    }

    private static string DirectionName(MigrationDirection direction) => direction == MigrationDirection.Up ? "up" : "down";

    /// <summary>A transient failure is about to re-run a transaction delegate.</summary>
    public void Retrying(int failedAttempt, int retries, TimeSpan delay, Exception? error)
    {
        StrataMetrics.RecordRetry(Target, error);
        if (Logger?.IsEnabled(LogLevel.Warning) == true)
            LogRetry(Logger, failedAttempt, retries + 1, error?.GetType().Name ?? "unknown", delay.TotalMilliseconds);
    }

    /// <summary>
    /// True once a connection opened, until one fails: <see cref="ConnectionOpened"/> then has nothing to report, so callers
    /// need not read the clock for it.
    /// </summary>
    public bool Connected => Volatile.Read(ref _connected) != 0;

    /// <summary>A connection opened: the first one (or the first after a failure) raises <see cref="DatabaseEvents.Connected"/>.</summary>
    /// <param name="started">When the open began (<see cref="Stopwatch.GetTimestamp"/>), or 0 when it was not read.</param>
    public void ConnectionOpened(long started)
    {
        if (Volatile.Read(ref _connected) != 0 || Interlocked.Exchange(ref _connected, 1) != 0) return;
        if (Events.WantsConnected) Events.OnConnected(new ConnectionEventArgs(_description, Elapsed(started), null));
    }

    private static TimeSpan Elapsed(long started) => started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);

    /// <summary>A connection could not be opened; <paramref name="error"/> is the translated exception.</summary>
    /// <param name="started">When the open began (<see cref="Stopwatch.GetTimestamp"/>), or 0 when it did not wait.</param>
    /// <param name="error">The translated exception.</param>
    public void ConnectionFailed(long started, Exception error)
    {
        // A full pool means connections are open: the next one opened is no reconnection.
        if (error is not PoolExhaustedException) Volatile.Write(ref _connected, 0);
        StrataMetrics.RecordConnectionError(Target, error);
        if (Logger?.IsEnabled(LogLevel.Error) == true) LogConnectionFailed(Logger, error, _description, error.GetType().Name);
        if (Events.WantsConnectionFailed) Events.OnConnectionFailed(new ConnectionEventArgs(_description, Elapsed(started), error));
    }

    public void Dispose() => _pool.Dispose();

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Transaction attempt {Attempt} of {MaxAttempts} failed with {Error}; running it again in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, int maxAttempts, string error, double delayMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Could not open a connection to {Database}: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string database, string error);
}
