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
        var reached = 0;
        try
        {
            if (transactional)
            {
                await session.TransactionAsync(async tx =>
                {
                    await ExecuteAsync(tx, migration, up, statements, null, p => reached = p, cancellationToken).ConfigureAwait(false);
                    await tx.Dialect.VerifyMigrationAsync(tx, cancellationToken).ConfigureAwait(false);
                    if (up) await history.InsertAsync(tx, Row(migration, batch, started, MigrationHistory.Applied), cancellationToken).ConfigureAwait(false);
                    else await history.DeleteAsync(tx, migration.Module ?? "", migration.Version, cancellationToken).ConfigureAwait(false);
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await history.ReplaceAsync(session, Row(migration, batch, started, MigrationHistory.Running) with { Statement = 0 }, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, migration, up, statements,
                    p => history.UpdateProgressAsync(session, migration.Module ?? "", migration.Version, p, cancellationToken), p => reached = p, cancellationToken).ConfigureAwait(false);
                if (up) await history.ReplaceAsync(session, Row(migration, batch, started, MigrationHistory.Applied), cancellationToken).ConfigureAwait(false);
                else await history.DeleteAsync(session, migration.Module ?? "", migration.Version, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DatabaseException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            var failedAt = reached + 1;
            if (!transactional)
            {
                var failed = Row(migration, batch, started, MigrationHistory.Failed) with { Statement = failedAt, Error = Truncate(e.Message) };
                try
                {
                    await history.ReplaceAsync(session, failed, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DatabaseException)
                {
                    // The connection itself may be gone; the 'running' row left behind says the same.
                }
            }
            var error = Failure(migration, direction, statements, failedAt, transactional, e);
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

    /// <summary>Runs the step's SQL statements (or, when there are none, the C# method) through <paramref name="session"/>.</summary>
    public async Task ExecuteAsync(IDbSession session, MigrationDefinition migration, bool up, IReadOnlyList<Scripts.SqlScriptStatement>? statements,
        Func<int, Task>? afterStatement, Action<int> reached, CancellationToken cancellationToken)
    {
        if (statements is null)
        {
            var instance = migration.CreateInstance();
            var context = new MigrationContext(session, migration, logger);
            await (up ? instance.UpAsync(context, cancellationToken) : instance.DownAsync(context, cancellationToken)).ConfigureAwait(false);
            return;
        }
        foreach (var statement in statements)
        {
            await session.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken).ConfigureAwait(false);
            reached(statement.Position);
            if (afterStatement is not null) await afterStatement(statement.Position).ConfigureAwait(false);
        }
    }

    private HistoryRow Row(MigrationDefinition migration, int batch, long started, string status) =>
        HistoryRow.For(migration, time.GetUtcNow(), batch, status) with { ExecutionMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds };

    private static MigrationException Failure(MigrationDefinition migration, MigrationDirection direction, IReadOnlyList<Scripts.SqlScriptStatement>? statements,
        int failedAt, bool transactional, Exception error)
    {
        var where = statements is null || failedAt > statements.Count
            ? ""
            : $" at statement {failedAt} of {statements.Count} (line {statements[failedAt - 1].Line} of {migration.Source})";
        var aftermath = transactional
            ? "It was rolled back: the database is as it was before this migration."
            : failedAt > 1
                ? $"Statements 1 to {failedAt - 1} stayed applied (the database commits each DDL statement); the migration is recorded as failed, " +
                  $"and UpAsync refuses to go on until you repair the database and call RepairAsync(\"{migration.Version}\"), or fix its file."
                : $"Nothing of it was applied; it is recorded as failed until RepairAsync(\"{migration.Version}\") or a fixed file.";
        var details = error is DatabaseException d
            ? new DatabaseErrorDetails(d.Dialect, d.SqlState, d.ErrorNumber, d.Constraint, d.Table, d.Column, d.Sql)
            : new DatabaseErrorDetails("migrations");
        return new MigrationException(
            $"Migration {migration} failed {(direction == MigrationDirection.Up ? "applying" : "rolling back")}{where}: {error.Message} {aftermath}", details, error)
        {
            Version = migration.Version,
            File = migration.Source,
            Statement = statements is null ? null : failedAt,
            Line = statements is not null && failedAt <= statements.Count ? statements[failedAt - 1].Line : null,
        };
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Migrating {Direction}: {Migration}")]
    private static partial void LogStarted(ILogger logger, MigrationDirection direction, MigrationDefinition migration);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Migrated {Direction}: {Migration} in {ElapsedMs:0.#} ms")]
    private static partial void LogCompleted(ILogger logger, MigrationDirection direction, MigrationDefinition migration, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Migration {Direction} failed: {Migration}")]
    private static partial void LogFailed(ILogger logger, Exception error, MigrationDirection direction, MigrationDefinition migration);
}
