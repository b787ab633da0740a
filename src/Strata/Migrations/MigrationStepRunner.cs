using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Strata;

/// <summary>
/// Runs one migration step inside a run: in a transaction (a savepoint on SQLite) with its history row where the
/// database rolls DDL back, otherwise statement by statement with its progress and any failure recorded.
/// </summary>
/// <remarks>Reports each step to the migrator's events and, through <paramref name="telemetry"/>, to the database's span, metric and events.</remarks>
internal sealed partial class MigrationStepRunner(Migrator migrator, MigrationHistory history, ILogger logger, TimeProvider time, Diagnostics.DatabaseTelemetry? telemetry)
{
    public async Task<TimeSpan> RunAsync(MigrationRun run, MigrationDefinition migration, MigrationDirection direction, int batch, int index, int count,
        CancellationToken cancellationToken)
    {
        var up = direction == MigrationDirection.Up;
        var session = run.Session;
        var transactional = run.InRunTransaction || session.Dialect.SupportsTransactionalDdl && !migration.NoTransaction;
        var statements = migration.Statements(up, session.Dialect.LexicalRules);
        migrator.Report(new MigrationProgress(migration, direction, index, count, Finished: false));
        migrator.OnStarted(new MigrationEventArgs(migration, direction, TimeSpan.Zero));
        LogStarted(logger, direction, migration);
        // Started here, in the method that runs the statements, so that their spans nest in the step's.
        var span = telemetry?.StartMigration(migration, direction);
        var started = Stopwatch.GetTimestamp();
        var progress = new StepProgress();
        try
        {
            if (transactional)
            {
                await session.TransactionAsync(async tx =>
                {
                    await ExecuteAsync(tx, migration, up, statements, null, progress, cancellationToken).ConfigureAwait(false);
                    progress.Stage = StepStage.Verifying;
                    await tx.Dialect.VerifyMigrationAsync(tx, cancellationToken).ConfigureAwait(false);
                    progress.Stage = StepStage.Recording;
                    if (up) await history.InsertAsync(tx, Row(migration, batch, started, MigrationHistory.Applied), cancellationToken).ConfigureAwait(false);
                    else await history.DeleteAsync(tx, migration.Module ?? "", migration.Version, cancellationToken).ConfigureAwait(false);
                    progress.Stage = StepStage.Committing;
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                progress.Stage = StepStage.RecordingStart;
                await history.ReplaceAsync(session, Row(migration, batch, started, MigrationHistory.Running) with { Statement = 0 }, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, migration, up, statements,
                    p => history.UpdateProgressAsync(session, migration.Module ?? "", migration.Version, p, cancellationToken), progress, cancellationToken).ConfigureAwait(false);
                progress.Stage = StepStage.Recording;
                if (up) await history.ReplaceAsync(session, Row(migration, batch, started, MigrationHistory.Applied), cancellationToken).ConfigureAwait(false);
                else await history.DeleteAsync(session, migration.Module ?? "", migration.Version, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DatabaseException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            var error = Failure(migration, direction, statements, progress, transactional, e);
            if (!transactional)
            {
                var failed = Row(migration, batch, started, MigrationHistory.Failed) with
                {
                    Statement = error.Statement,
                    Error = Truncate(progress.Stage == StepStage.Statement ? e.Message : $"{Where(migration, statements, progress).TrimStart(',', ' ')}: {e.Message}"),
                };
                try
                {
                    await history.ReplaceAsync(session, failed, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DatabaseException)
                {
                    // The connection itself may be gone; the 'running' row left behind says the same.
                }
            }
            var failedArgs = new MigrationEventArgs(migration, direction, Stopwatch.GetElapsedTime(started), error);
            migrator.OnFailed(failedArgs);
            telemetry?.MigrationEnded(span, failedArgs);
            LogFailed(logger, error, direction, migration);
            throw error;
        }
        catch (Exception e) when (span is not null)
        {
            Diagnostics.StrataTracing.Fail(span, e);
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var completed = new MigrationEventArgs(migration, direction, elapsed);
        migrator.OnCompleted(completed);
        telemetry?.MigrationEnded(span, completed);
        migrator.Report(new MigrationProgress(migration, direction, index, count, Finished: true));
        LogCompleted(logger, direction, migration, elapsed.TotalMilliseconds);
        return elapsed;
    }

    /// <summary>Runs the step's SQL statements (or, when there are none, the C# method) through <paramref name="session"/>, noting in <paramref name="progress"/> how far it got.</summary>
    public async Task ExecuteAsync(IDbSession session, MigrationDefinition migration, bool up, IReadOnlyList<Scripts.SqlScriptStatement>? statements,
        Func<int, Task>? afterStatement, StepProgress progress, CancellationToken cancellationToken)
    {
        progress.Stage = StepStage.Statement;
        if (statements is null)
        {
            var instance = migration.CreateInstance();
            var context = new MigrationContext(session, migration, logger);
            await (up ? instance.UpAsync(context, cancellationToken) : instance.DownAsync(context, cancellationToken)).ConfigureAwait(false);
            return;
        }
        foreach (var statement in statements)
        {
            progress.Stage = StepStage.Statement;
            await session.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken).ConfigureAwait(false);
            progress.Reached = statement.Position;
            if (afterStatement is null) continue;
            progress.Stage = StepStage.RecordingProgress;
            await afterStatement(statement.Position).ConfigureAwait(false);
        }
    }

    private HistoryRow Row(MigrationDefinition migration, int batch, long started, string status) =>
        HistoryRow.For(migration, time.GetUtcNow(), batch, status) with { ExecutionMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds };

    private static MigrationException Failure(MigrationDefinition migration, MigrationDirection direction, IReadOnlyList<Scripts.SqlScriptStatement>? statements,
        StepProgress progress, bool transactional, Exception error)
    {
        var reached = progress.Reached;
        var failedStatement = progress.Stage == StepStage.Statement && statements is not null && reached < statements.Count ? statements[reached] : null;
        var applied = reached == 0 ? "" : reached == 1 ? "Statement 1 stayed applied" : $"Statements 1 to {reached} stayed applied";
        var aftermath = transactional
            ? "It was rolled back: the database is as it was before this migration."
            : reached > 0 || statements is null && progress.Stage != StepStage.RecordingStart
                ? $"{(reached > 0 ? applied : "What its code ran stayed applied")} (the database commits each DDL statement); the migration is recorded as failed, " +
                  $"and UpAsync refuses to go on until you repair the database and call RepairAsync(\"{migration.Version}\"), or fix its file."
                : $"Nothing of it was applied; it is recorded as failed until RepairAsync(\"{migration.Version}\") or a fixed file.";
        var details = error is DatabaseException d
            ? new DatabaseErrorDetails(d.Dialect, d.SqlState, d.ErrorNumber, d.Constraint, d.Table, d.Column, d.Sql)
            : new DatabaseErrorDetails("migrations");
        return new MigrationException(
            $"Migration {migration} failed {(direction == MigrationDirection.Up ? "applying" : "rolling back")}{Where(migration, statements, progress)}: {error.Message} {aftermath}", details, error)
        {
            Version = migration.Version,
            File = migration.Source,
            Statement = failedStatement?.Position,
            Line = failedStatement?.Line,
        };
    }

    /// <summary>The step that failed, as words that follow "failed applying": the statement, or the history write or check around the statements (never a statement that did not run).</summary>
    private static string Where(MigrationDefinition migration, IReadOnlyList<Scripts.SqlScriptStatement>? statements, StepProgress progress)
    {
        var count = statements?.Count ?? 0;
        var reached = progress.Reached;
        var after = statements is null ? "after its code ran" : count == 0 ? "(it has no statements)" : $"after statement {reached} of {count}";
        return progress.Stage switch
        {
            StepStage.Statement when statements is not null && reached < count =>
                $" at statement {reached + 1} of {count} (line {statements[reached].Line} of {migration.Source})",
            StepStage.Statement => statements is null ? " in its code" : "",
            StepStage.RecordingStart => ", while recording its start in the history (before its first statement)",
            StepStage.RecordingProgress => $", while recording progress {after} (line {statements![reached - 1].Line} of {migration.Source})",
            StepStage.Verifying => $", while checking the database {after}",
            StepStage.Recording => $", while recording the result in the history {after}",
            _ => $", while committing {after}",
        };
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Migrating {Direction}: {Migration}")]
    private static partial void LogStarted(ILogger logger, MigrationDirection direction, MigrationDefinition migration);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Migrated {Direction}: {Migration} in {ElapsedMs:0.#} ms")]
    private static partial void LogCompleted(ILogger logger, MigrationDirection direction, MigrationDefinition migration, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Migration {Direction} failed: {Migration}")]
    private static partial void LogFailed(ILogger logger, Exception error, MigrationDirection direction, MigrationDefinition migration);

    /// <summary>Where a step is: the stage it is in and the last statement that completed (0 before the first).</summary>
    internal sealed class StepProgress
    {
        public StepStage Stage { get; set; } = StepStage.Statement;

        public int Reached { get; set; }
    }

    /// <summary>The stages of a step, so a failure names the one that failed.</summary>
    internal enum StepStage
    {
        /// <summary>Writing the 'running' history row before the first statement (databases that commit DDL).</summary>
        RecordingStart,

        /// <summary>Running statement <see cref="StepProgress.Reached"/> + 1 (or the C# method).</summary>
        Statement,

        /// <summary>Writing the statement reached into the history after statement <see cref="StepProgress.Reached"/>.</summary>
        RecordingProgress,

        /// <summary>The dialect's check before commit (SQLite's foreign key check).</summary>
        Verifying,

        /// <summary>Recording the step as applied (or removing its row, rolling back).</summary>
        Recording,

        /// <summary>Committing the step's transaction.</summary>
        Committing,
    }
}
