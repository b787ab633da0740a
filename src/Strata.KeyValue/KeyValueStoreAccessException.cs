namespace Strata.KeyValue;

/// <summary>
/// The store's directory cannot be used: the path is a file, does not exist (with creation turned off), or the process
/// may not read or write it (permissions, a read-only file system). Nothing was changed. The message names the path.
/// </summary>
public sealed class KeyValueStoreAccessException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the path and what to do.</param>
    /// <param name="path">The store's directory.</param>
    /// <param name="innerException">The file system's or RocksDB's error.</param>
    public KeyValueStoreAccessException(string message, string path, Exception? innerException)
        : base(message, new DatabaseErrorDetails(KeyValueStore.SystemName), innerException) => Path = path;

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public KeyValueStoreAccessException(string message) : this(message, "", null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public KeyValueStoreAccessException(string message, Exception? innerException) : this(message, "", innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public KeyValueStoreAccessException() : this("The key-value store's directory cannot be used.") { }

    /// <summary>The store's directory.</summary>
    public string Path { get; }
}
