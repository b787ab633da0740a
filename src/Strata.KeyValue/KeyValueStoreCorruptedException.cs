namespace Strata.KeyValue;

/// <summary>
/// RocksDB found the store's files damaged (a checksum mismatch, a missing or truncated file, a <c>CURRENT</c> file lost
/// while data files remain). Strata changed nothing and ran no repair: restore a backup, or run RocksDB's repair tool
/// (<c>ldb repair</c>) on a copy of the directory, knowing that it may drop damaged data.
/// </summary>
public sealed class KeyValueStoreCorruptedException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is damaged and what to do.</param>
    /// <param name="path">The store's directory.</param>
    /// <param name="innerException">RocksDB's error, when it reported one.</param>
    public KeyValueStoreCorruptedException(string message, string path, Exception? innerException)
        : base(message, new DatabaseErrorDetails(KeyValueStore.SystemName), innerException) => Path = path;

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is damaged.</param>
    public KeyValueStoreCorruptedException(string message) : this(message, "", null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is damaged.</param>
    /// <param name="innerException">The cause.</param>
    public KeyValueStoreCorruptedException(string message, Exception? innerException) : this(message, "", innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public KeyValueStoreCorruptedException() : this("The key-value store's files are damaged.") { }

    /// <summary>The store's directory.</summary>
    public string Path { get; }
}
