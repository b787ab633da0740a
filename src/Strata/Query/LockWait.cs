using Strata.Query;
namespace Strata;

/// <summary>What a row-locking SELECT does with rows another transaction already locked.</summary>
public enum LockWait
{
    /// <summary>Waits for the lock (up to the database's lock timeout).</summary>
    Wait,

    /// <summary><c>SKIP LOCKED</c>: leaves locked rows out of the result.</summary>
    SkipLocked,

    /// <summary><c>NOWAIT</c>: fails at once when a row is locked.</summary>
    NoWait,
}
