using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Strata.Diagnostics;

namespace Strata.Caching;

/// <summary>
/// Follows the tables a database's writes touch and reports them once durable: to the query cache
/// (<see cref="DatabaseOptions.QueryCache"/>) and to <see cref="DatabaseEvents.TablesWritten"/>. An autocommitted statement
/// is reported when it succeeded; a transaction's statements are collected on its top-level transaction and reported
/// after COMMIT, never after a rollback.
/// </summary>
/// <remarks>Costs nothing while there is no query cache and nobody listens to the event.</remarks>
internal sealed partial class WriteTracker
{
    private const int MaxShapes = 2_000;
    private readonly Database _db;
    private readonly IQueryResultCache? _cache;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<string, string[]?> _shapes = new(StringComparer.Ordinal);

    public WriteTracker(Database db, IQueryResultCache? cache, ILogger? logger)
    {
        _db = db;
        _cache = cache;
        _logger = logger;
        Identity = $"{db.Settings}|{db.Options.NamingConvention.GetType().Name}";
    }

    /// <summary>The database's identity in cache keys: its target without password, and its naming convention.</summary>
    public string Identity { get; }

    public IQueryResultCache? Cache => _cache;

    public bool Enabled => _cache is not null || _db.Events.WantsTablesWritten;

    /// <summary>Records what a successful command wrote; for an autocommitted one, reports it before returning.</summary>
    public ValueTask CommandSucceededAsync(SessionBase session, string commandText, CancellationToken cancellationToken)
    {
        if (!Enabled) return default;
        var tables = TablesOf(commandText);
        return tables is { Length: > 0 } ? RecordAsync(session, tables, cancellationToken) : default;
    }

    /// <summary>Records writes to <paramref name="tables"/> made through <paramref name="session"/>.</summary>
    public ValueTask RecordAsync(SessionBase session, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        if (!Enabled) return default;
        if (session.CurrentTransaction is { } tx)
        {
            tx.Root.NoteWritten(tables);
            return default;
        }
        return ReportAsync(tables, committedTransaction: false, cancellationToken);
    }

    /// <summary>Reports the tables a top-level transaction wrote, after it committed.</summary>
    public ValueTask CommittedAsync(Transaction root, CancellationToken cancellationToken) =>
        root.WrittenTables is { Count: > 0 } tables ? ReportAsync(tables, committedTransaction: true, cancellationToken) : default;

    private string[]? TablesOf(string commandText)
    {
        if (_shapes.TryGetValue(commandText, out var known)) return known;
        var found = _db.Driver.Dialect.WrittenTables(commandText);
        var tables = found is null ? null : found as string[] ?? [.. found];
        if (tables is null && _logger?.IsEnabled(LogLevel.Debug) == true) LogUnnamed(_logger, commandText);
        if (_shapes.Count >= MaxShapes) _shapes.Clear();
        _shapes.TryAdd(commandText, tables);
        return tables;
    }

    private async ValueTask ReportAsync(IReadOnlyCollection<string> tables, bool committedTransaction, CancellationToken cancellationToken)
    {
        _db.Events.OnTablesWritten(new TablesWrittenEventArgs(tables, committedTransaction));
        if (_cache is null) return;
        try
        {
            await _cache.TablesWrittenAsync(Identity, tables, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_logger is not null) LogInvalidationFailed(_logger, e, string.Join(", ", tables));
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "The tables this statement writes cannot be named from its text, so no cached query is invalidated by it: {Sql}")]
    private static partial void LogUnnamed(ILogger logger, string sql);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "The query cache failed to invalidate the tables {Tables} after a write; the write itself succeeded")]
    private static partial void LogInvalidationFailed(ILogger logger, Exception error, string tables);
}
