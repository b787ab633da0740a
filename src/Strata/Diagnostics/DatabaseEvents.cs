using Microsoft.Extensions.Logging;

namespace Strata.Diagnostics;

/// <summary>
/// The events of one database (<c>db.Events</c>): connections, commands, transactions and migrations. The sender is
/// the <see cref="Database"/>. Arguments carry SQL with placeholders and redacted targets, never values or passwords.
/// </summary>
/// <remarks>
/// Handlers run synchronously on the flow that caused the event, so keep them short. An exception a handler throws is
/// logged (as an error under <c>Strata.Database</c>) and does not reach the command: the work it reports on has already
/// happened. Subscribing and unsubscribing are thread-safe. With no handler subscribed an event costs one null check,
/// and its arguments are not built.
/// </remarks>
public sealed partial class DatabaseEvents
{
    private readonly Database _owner;
    private readonly ILogger? _logger;

    internal DatabaseEvents(Database owner, ILogger? logger)
    {
        _owner = owner;
        _logger = logger;
    }

    /// <summary>Raised when the first connection opens, and again on the first one that opens after a <see cref="ConnectionFailed"/>.</summary>
    public event EventHandler<ConnectionEventArgs>? Connected;

    /// <summary>Raised when a connection cannot be opened (server down, wrong password, pool exhausted).</summary>
    public event EventHandler<ConnectionEventArgs>? ConnectionFailed;

    /// <summary>Raised after each successful command (readers: once open), bulk inserts included.</summary>
    public event EventHandler<QueryEventArgs>? QueryExecuted;

    /// <summary>Raised after each failed command, with the Strata exception it failed with.</summary>
    public event EventHandler<QueryEventArgs>? QueryFailed;

    /// <summary>Raised after a successful command that took longer than <see cref="DatabaseOptions.SlowQueryThreshold"/>, besides <see cref="QueryExecuted"/>.</summary>
    public event EventHandler<SlowQueryEventArgs>? SlowQuery;

    /// <summary>Raised when a top-level transaction has committed.</summary>
    public event EventHandler<TransactionEventArgs>? TransactionCommitted;

    /// <summary>Raised when a top-level transaction has rolled back (explicitly, on an exception, on dispose, or because its commit failed).</summary>
    public event EventHandler<TransactionEventArgs>? TransactionRolledBack;

    /// <summary>
    /// Raised when writes through Strata became durable, with the tables they wrote: after an autocommitted statement, and
    /// after a top-level transaction committed (never when it rolled back). Statements whose table cannot be named from their
    /// text (see <see cref="Dialects.SqlDialect.WrittenTables"/>) are not reported. Subscribe before the writes: a transaction
    /// collects its tables only while someone listens (or <see cref="DatabaseOptions.QueryCache"/> is set).
    /// </summary>
    public event EventHandler<TablesWrittenEventArgs>? TablesWritten;

    /// <summary>Raised when a migration step has been applied or rolled back (also raised as <see cref="Migrator.Completed"/>).</summary>
    public event EventHandler<MigrationEventArgs>? MigrationCompleted;

    /// <summary>Raised when a migration step failed (also raised as <see cref="Migrator.Failed"/>).</summary>
    public event EventHandler<MigrationEventArgs>? MigrationFailed;

    internal bool WantsQueries => QueryExecuted is not null || QueryFailed is not null || SlowQuery is not null;

    internal bool WantsConnected => Connected is not null;

    internal bool WantsConnectionFailed => ConnectionFailed is not null;

    internal bool WantsTransactions => TransactionCommitted is not null || TransactionRolledBack is not null;

    internal void OnConnected(ConnectionEventArgs e) => Raise(Connected, e, nameof(Connected));

    internal void OnConnectionFailed(ConnectionEventArgs e) => Raise(ConnectionFailed, e, nameof(ConnectionFailed));

    internal void OnQueryExecuted(string sql, CommandKind kind, TimeSpan elapsed, TimeSpan? slowThreshold)
    {
        if (QueryExecuted is { } executed) Raise(executed, new QueryEventArgs(sql, kind, elapsed, null), nameof(QueryExecuted));
        if (slowThreshold is { } threshold && SlowQuery is { } slow) Raise(slow, new SlowQueryEventArgs(sql, kind, elapsed, threshold), nameof(SlowQuery));
    }

    internal void OnQueryFailed(string sql, CommandKind kind, TimeSpan elapsed, Exception error)
    {
        if (QueryFailed is { } failed) Raise(failed, new QueryEventArgs(sql, kind, elapsed, error), nameof(QueryFailed));
    }

    internal void OnTransactionEnded(bool committed, TransactionEventArgs e)
    {
        if (committed) Raise(TransactionCommitted, e, nameof(TransactionCommitted));
        else Raise(TransactionRolledBack, e, nameof(TransactionRolledBack));
    }

    internal bool WantsTablesWritten => TablesWritten is not null;

    internal void OnTablesWritten(TablesWrittenEventArgs e) => Raise(TablesWritten, e, nameof(TablesWritten));

    internal void OnMigrationCompleted(MigrationEventArgs e) => Raise(MigrationCompleted, e, nameof(MigrationCompleted));

    internal void OnMigrationFailed(MigrationEventArgs e) => Raise(MigrationFailed, e, nameof(MigrationFailed));

    private void Raise<T>(EventHandler<T>? handler, T e, string name)
    {
        if (handler is null) return;
        try
        {
            handler(_owner, e);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            if (_logger is not null) LogHandlerFailed(_logger, error, name);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "A handler of the {Event} event threw; the exception was not passed on to the command")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string @event);
}
