namespace Strata.KeyValue;

/// <summary>
/// The store's directory is locked: another process has it open (RocksDB allows one process per directory), or this
/// process has already opened it (open it once and share the <see cref="KeyValueStore"/>, which is thread-safe).
/// Nothing was changed. The message names the lock file and, when it can be found, the process holding it.
/// </summary>
/// <remarks>Not transient in the retry sense; it ends when the holder closes the store or exits.</remarks>
public sealed class KeyValueStoreLockedException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is locked, by whom, and what to do.</param>
    /// <param name="lockFile">The full path of RocksDB's <c>LOCK</c> file.</param>
    /// <param name="heldByThisProcess">True when this process holds the lock.</param>
    /// <param name="holderProcessId">The process holding the lock, when it could be found.</param>
    /// <param name="innerException">RocksDB's error.</param>
    public KeyValueStoreLockedException(string message, string lockFile, bool heldByThisProcess, int? holderProcessId, Exception? innerException)
        : base(message, new DatabaseErrorDetails(KeyValueStore.SystemName), innerException)
    {
        LockFile = lockFile;
        HeldByThisProcess = heldByThisProcess;
        HolderProcessId = holderProcessId;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is locked.</param>
    public KeyValueStoreLockedException(string message) : this(message, "", false, null, null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is locked.</param>
    /// <param name="innerException">The cause.</param>
    public KeyValueStoreLockedException(string message, Exception? innerException) : this(message, "", false, null, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public KeyValueStoreLockedException() : this("The key-value store's directory is locked by another process.") { }

    /// <summary>The full path of the <c>LOCK</c> file.</summary>
    public string LockFile { get; }

    /// <summary>True when this process already has the store open.</summary>
    public bool HeldByThisProcess { get; }

    /// <summary>The id of the process holding the lock, when it could be found (Linux: <c>/proc/locks</c>).</summary>
    public int? HolderProcessId { get; }
}
