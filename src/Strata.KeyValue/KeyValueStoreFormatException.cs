namespace Strata.KeyValue;

/// <summary>
/// The directory, or a value in it, is not a Strata key-value store in a format this version knows: a directory
/// holding other files, a RocksDB database Strata did not create (its values have no Strata header), or a store written
/// by a newer version of Strata. Nothing was changed: choose another directory, or open it with the program that made it.
/// </summary>
public sealed class KeyValueStoreFormatException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was found and what to do.</param>
    /// <param name="path">The store's directory, when known.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public KeyValueStoreFormatException(string message, string path, Exception? innerException)
        : base(message, new DatabaseErrorDetails(KeyValueStore.SystemName), innerException) => Path = path;

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was found.</param>
    public KeyValueStoreFormatException(string message) : this(message, "", null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was found.</param>
    /// <param name="innerException">The cause.</param>
    public KeyValueStoreFormatException(string message, Exception? innerException) : this(message, "", innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public KeyValueStoreFormatException() : this("The directory is not a Strata key-value store.") { }

    /// <summary>The store's directory, when known.</summary>
    public string Path { get; }
}
