using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Strata.Sqlite;

/// <summary>
/// A pooled SQLite connection that enforces each command's own timeout. Microsoft.Data.Sqlite uses
/// <see cref="SqliteCommand.CommandTimeout"/> only to retry a busy database and never stops a running
/// statement, so here the command's timeout also becomes the connection's busy timeout (how long a
/// lock is waited for), and a statement still running when it expires is stopped by SQLite's progress
/// handler; SQLite then reports SQLITE_INTERRUPT, which the dialect turns into a
/// <see cref="Errors.CommandTimeoutException"/>. When the driver caps the pool, closing the connection
/// frees its slot.
/// </summary>
/// <remarks>
/// The deadline covers executing a command up to its first row (all of it for statements that return
/// none); rows read later from an open reader are not timed.
/// </remarks>
internal sealed class SqliteTimedConnection(string connectionString, SemaphoreSlim? limit) : SqliteConnection(connectionString)
{
    // The handler runs every this many virtual machine instructions: often enough to stop a statement
    // within milliseconds of its deadline, rarely enough to cost nothing measurable. Short statements never reach it.
    private const int ProgressInterval = 1000;

    private static readonly delegate_progress OnProgress = static state => ((SqliteTimedConnection)state).Expired ? 1 : 0;

    private long _deadline = long.MaxValue;
    private int _busyTimeoutMs = -1;
    private int _released;

    private bool Expired => Stopwatch.GetTimestamp() > Volatile.Read(ref _deadline);

    /// <summary>Installs the progress handler on the (possibly pooled) handle of the open connection.</summary>
    public void Attach(int busyTimeoutMs)
    {
        raw.sqlite3_progress_handler(Handle!, ProgressInterval, OnProgress, this);
        _busyTimeoutMs = busyTimeoutMs;
    }

    /// <inheritdoc />
    public override SqliteCommand CreateCommand() =>
        new TimedCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && limit is not null && Interlocked.Exchange(ref _released, 1) == 0) limit.Release();
    }

    private void UseBusyTimeout(int timeoutSeconds)
    {
        var ms = timeoutSeconds <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, timeoutSeconds * 1000L);
        if (ms == _busyTimeoutMs) return;
        raw.sqlite3_busy_timeout(Handle!, ms);
        _busyTimeoutMs = ms;
    }

    /// <summary>Sets the deadline for a command starting now; returns the one to restore when it ends.</summary>
    private long Arm(int timeoutSeconds)
    {
        // A command started while another runs on the same connection keeps the earlier deadline.
        var previous = Volatile.Read(ref _deadline);
        var deadline = Stopwatch.GetTimestamp() + timeoutSeconds * Stopwatch.Frequency;
        Volatile.Write(ref _deadline, Math.Min(previous, deadline));
        return previous;
    }

    private void Restore(long previous) => Volatile.Write(ref _deadline, previous);

    /// <summary>A command whose execution is bounded by its <see cref="SqliteCommand.CommandTimeout"/>.</summary>
    private sealed class TimedCommand : SqliteCommand
    {
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            if (Connection is not SqliteTimedConnection connection || connection.State != ConnectionState.Open)
                return base.ExecuteReader(behavior);
            var timeout = CommandTimeout;
            connection.UseBusyTimeout(timeout);
            if (timeout <= 0) return base.ExecuteReader(behavior);
            var previous = connection.Arm(timeout);
            try
            {
                return base.ExecuteReader(behavior);
            }
            finally
            {
                connection.Restore(previous);
            }
        }
    }
}
