namespace Strata.KeyValue.Internal;

/// <summary>Turns RocksDB statuses into Strata exceptions that say which store, which namespace and what to do.</summary>
internal static class KeyValueErrors
{
    /// <summary>The exception for <paramref name="status"/>, raised while doing <paramref name="operation"/>.</summary>
    public static DatabaseException Translate(RocksStatus status, string path, string? collection, string operation)
    {
        var where = collection is null ? $"the key-value store {path}" : $"namespace '{collection}' of the key-value store {path}";
        var text = status.Status;
        if (status.IsConflict)
            return new SerializationFailureException(
                $"The transaction on {path} conflicted with a concurrent write to a key it read or wrote ({text}). Nothing was written: re-run the whole transaction " +
                "(TransactionAsync does so with TransactionOptions.Retries).",
                new DatabaseErrorDetails(KeyValueStore.SystemName, Table: collection, IsTransient: true), status);
        if (status.IsCorruption)
            return new KeyValueStoreCorruptedException(
                $"RocksDB found damaged data in {where} during {operation}: {text}. Strata changed nothing and ran no repair: restore a backup, " +
                "or run RocksDB's repair (ldb repair) on a copy of the directory.", path, status);
        if (IsAccessProblem(text))
            return new KeyValueStoreAccessException(
                $"RocksDB could not write {where} during {operation}: {text}. Give the process write access to the directory, or move the store to a writable one.", path, status);
        if (text.Contains("No space left", StringComparison.OrdinalIgnoreCase))
            return new DatabaseException(
                $"The disk holding {where} is full ({operation}): {text}. Free space; RocksDB resumes writes once it can.",
                new DatabaseErrorDetails(KeyValueStore.SystemName, Table: collection), status);
        return new DatabaseException($"RocksDB refused {operation} on {where}: {text}", new DatabaseErrorDetails(KeyValueStore.SystemName, Table: collection), status);
    }

    public static bool IsAccessProblem(string status) =>
        status.Contains("Permission denied", StringComparison.OrdinalIgnoreCase) || status.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);
}
