using System.Collections.Concurrent;

namespace Strata.Studio.Data;

/// <summary>One statement the editor ran.</summary>
/// <param name="At">When.</param>
/// <param name="Sql">The statement.</param>
/// <param name="Succeeded">It ran without an error.</param>
/// <param name="Summary">Rows or error, in a few words.</param>
internal sealed record SqlHistoryEntry(DateTimeOffset At, string Sql, bool Succeeded, string Summary);

/// <summary>The statements run in this studio session, newest first, at most 100; kept in memory only. Thread-safe.</summary>
internal sealed class SqlHistory
{
    private const int Limit = 100;
    private readonly ConcurrentQueue<SqlHistoryEntry> _entries = new();

    /// <summary>Adds an entry, dropping the oldest past the limit.</summary>
    public void Add(SqlHistoryEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Limit) _entries.TryDequeue(out _);
    }

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<SqlHistoryEntry> Entries => [.. _entries.Reverse()];
}
