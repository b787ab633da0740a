using System.Data;

namespace Strata;

/// <summary>How a transaction starts and whether it is retried.</summary>
public sealed record TransactionOptions
{
    /// <summary>The defaults: the database's default isolation, read-write, no retries.</summary>
    public static TransactionOptions Default { get; } = new();

    /// <summary>
    /// The isolation level, mapped to each database's. <see cref="IsolationLevel.Unspecified"/> keeps the
    /// database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL/MariaDB; SQLite is always serializable).
    /// </summary>
    public IsolationLevel Isolation { get; init; } = IsolationLevel.Unspecified;

    /// <summary>Start a read-only transaction (PostgreSQL and MySQL reject writes; SQLite starts it deferred).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// How the transaction takes its locks where the database lets you choose (SQLite). Null picks
    /// <see cref="TransactionMode.Immediate"/> for read-write and <see cref="TransactionMode.Deferred"/> for read-only
    /// transactions, so that concurrent writers queue up instead of failing on a stale snapshot.
    /// </summary>
    public TransactionMode? Mode { get; init; }

    /// <summary>
    /// How many times the whole delegate is re-run after a transient failure (deadlock, serialization
    /// failure, lock timeout, lost connection before COMMIT). 0 (the default) never retries.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>The first retry's base delay, doubled on each retry with jitter (20 ms by default).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest wait between two attempts (2 seconds by default).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Decides the outcome when the connection is lost during COMMIT: return true when the work is
    /// found committed (the call then succeeds), false when it is not (the failure then counts as
    /// transient). Without it such a failure raises <see cref="CommitOutcomeUnknownException"/>.
    /// Runs on a new connection of the same database.
    /// </summary>
    public Func<Database, CancellationToken, Task<bool>>? VerifyCommit { get; init; }
}

/// <summary>When a transaction takes its write lock (SQLite's <c>BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE</c>).</summary>
public enum TransactionMode
{
    /// <summary>Locks are taken on first read and first write.</summary>
    Deferred,
    /// <summary>The write lock is taken at once; other writers wait.</summary>
    Immediate,
    /// <summary>
    /// The database is locked at once. In WAL mode (Strata's default for files) this is the same as
    /// <see cref="Immediate"/>: readers still see the last committed data.
    /// </summary>
    Exclusive,
}
