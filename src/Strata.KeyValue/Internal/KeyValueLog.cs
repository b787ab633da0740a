using Microsoft.Extensions.Logging;

namespace Strata.KeyValue.Internal;

/// <summary>The store's log lines (category <c>Strata.KeyValue</c>).</summary>
internal static partial class KeyValueLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Opened the key-value store {Path} ({State}, sync {Sync}, namespaces: {Namespaces}) in {ElapsedMs} ms")]
    public static partial void Opened(ILogger logger, string path, string state, bool sync, string namespaces, long elapsedMs);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "Closed the key-value store {Path}")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning,
        Message = "Closing the key-value store {Path} waited {TimeoutMs} ms for calls still running on other threads; it closes when the last one ends")]
    public static partial void CloseTimedOut(ILogger logger, string path, long timeoutMs);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning,
        Message = "Key-value transaction on {Path} conflicted with a concurrent write; running it again (attempt {Attempt} of {Attempts}) in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string path, int attempt, int attempts, long delayMs);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Created namespace '{Namespace}' in the key-value store {Path}")]
    public static partial void NamespaceCreated(ILogger logger, string path, string @namespace);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "Dropped namespace '{Namespace}' of the key-value store {Path}")]
    public static partial void NamespaceDropped(ILogger logger, string path, string @namespace);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "Flushing the write-ahead log of the key-value store {Path} failed")]
    public static partial void SyncFailed(ILogger logger, Exception error, string path);

    [LoggerMessage(EventId = 407, Message = "RocksDB: {Line}")]
    public static partial void RocksDb(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Key-value store {Path}: migration {Direction} {Migration} in {ElapsedMs} ms ({Writes} writes)")]
    public static partial void Migrated(ILogger logger, string path, string direction, string migration, long elapsedMs, int writes);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Key-value store {Path}: migration {Direction} {Migration} failed; nothing of it was written")]
    public static partial void MigrationFailed(ILogger logger, Exception error, string path, string direction, string migration);
}
