namespace Strata.Dialects;

/// <summary>How a dialect keeps two migration runners from applying the same migrations at once.</summary>
public enum MigrationLockKind
{
    /// <summary>
    /// A session-level advisory lock (<see cref="SqlDialect.TryAcquireAdvisoryLockAsync"/>) held by a connection that stays
    /// out of the pool while held; it dies with the connection, so a killed runner never blocks the next one.
    /// </summary>
    Advisory,

    /// <summary>One exclusive write transaction around the whole run (SQLite's <c>BEGIN IMMEDIATE</c>), each migration a savepoint in it.</summary>
    ExclusiveTransaction,

    /// <summary>A row in a lock table with an expiry that the holder keeps renewing (for databases without advisory locks, such as CockroachDB).</summary>
    LockRow,
}
