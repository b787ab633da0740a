using System.Data;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Strata.Sqlite;

/// <summary>
/// A pooled SQLite connection that enforces each command's own timeout. Microsoft.Data.Sqlite uses
/// <see cref="SqliteCommand.CommandTimeout"/> only to retry a busy database and never stops a running
/// statement, so here the command's timeout also becomes the connection's busy timeout (how long a
/// lock is waited for), and a statement still running when it expires is stopped by SQLite's progress
/// handler; SQLite then reports SQLITE_INTERRUPT, which the dialect turns into a
/// <see cref="CommandTimeoutException"/>. When the driver caps the pool, closing the connection
/// frees its slot.
/// </summary>
/// <remarks>
/// The deadline covers executing a command up to its first row (all of it for statements that return
/// none); rows read later from an open reader are not timed. The native handle is set up once (extended
/// result codes, progress handler) and keeps that set-up while the pool reuses it.
/// </remarks>
internal sealed class SqliteTimedConnection(string connectionString, SemaphoreSlim? limit) : SqliteConnection(connectionString)
{
    // The handler runs every this many virtual machine instructions (well under a millisecond of work): often enough
    // to stop a statement within milliseconds of its deadline, rarely enough that its native-to-managed calls cost
    // nothing measurable. Every 1,000 instructions made a query scanning 10,000 rows about 15 % slower.
    private const int ProgressInterval = 100_000;

    private static readonly ConditionalWeakTable<sqlite3, HandleState> States = new();

    private const string EnableForeignKeys = "PRAGMA foreign_keys = 1";

    private static readonly delegate_progress OnProgress = static state => ((HandleState)state).Expired ? 1 : 0;

    private HandleState? _state;
    private int _released;

    /// <summary>
    /// Sets up the open connection's native handle (once per handle), turns foreign key enforcement on and sets the default
    /// busy timeout (on every open, since a command may have changed either on the pooled handle).
    /// </summary>
    /// <exception cref="SqliteException">SQLite refused to turn foreign keys on.</exception>
    public void Attach(int busyTimeoutMs)
    {
        var handle = Handle!;
        // Run natively rather than through a command (what the connection string's Foreign Keys=True does, at about twice the
        // time and 500 bytes more per open). A statement run to its end also lets SQLite checkpoint the WAL for the writes
        // before it: it does so only when a statement finishes, and a write read back through RETURNING one row at a time
        // is reset, never finished, so without it a process that only writes that way would grow the WAL without bound.
        var rc = raw.sqlite3_exec(handle, EnableForeignKeys);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
        _state = States.GetValue(handle, static h =>
        {
            var state = new HandleState(h);
            // Extended result codes make SQLITE_BUSY_SNAPSHOT (517) surface at once instead of being retried
            // like a plain SQLITE_BUSY until the timeout: waiting can never fix a stale snapshot.
            raw.sqlite3_extended_result_codes(h, 1);
            raw.sqlite3_progress_handler(h, ProgressInterval, OnProgress, state);
            return state;
        });
        _state.Deadline = long.MaxValue;
        _state.UseBusyTimeout(busyTimeoutMs);
    }

    /// <inheritdoc />
    public override SqliteCommand CreateCommand() =>
        new TimedCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && limit is not null && Interlocked.Exchange(ref _released, 1) == 0) limit.Release();
    }

    /// <summary>What belongs to one native handle: its busy timeout and the deadline its progress handler checks.</summary>
    private sealed class HandleState(sqlite3 handle)
    {
        private long _deadline = long.MaxValue;
        private int _busyTimeoutMs = -1;

        public long Deadline
        {
            get => Volatile.Read(ref _deadline);
            set => Volatile.Write(ref _deadline, value);
        }

        public bool Expired => Stopwatch.GetTimestamp() > Deadline;

        public void UseBusyTimeout(int ms)
        {
            if (ms == _busyTimeoutMs) return;
            raw.sqlite3_busy_timeout(handle, ms);
            _busyTimeoutMs = ms;
        }
    }

    /// <summary>A command whose execution is bounded by its <see cref="SqliteCommand.CommandTimeout"/>.</summary>
    private sealed class TimedCommand : SqliteCommand
    {
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            if (Connection is not SqliteTimedConnection { _state: { } state } connection || connection.State != ConnectionState.Open)
                return base.ExecuteReader(behavior);
            var timeout = CommandTimeout;
            state.UseBusyTimeout(timeout <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, timeout * 1000L));
            if (timeout <= 0) return base.ExecuteReader(behavior);
            // A command started while another runs on the same connection keeps the earlier deadline.
            var previous = state.Deadline;
            state.Deadline = Math.Min(previous, Stopwatch.GetTimestamp() + timeout * Stopwatch.Frequency);
            try
            {
                return base.ExecuteReader(behavior);
            }
            finally
            {
                state.Deadline = previous;
            }
        }
    }
}
