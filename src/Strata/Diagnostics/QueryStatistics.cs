using System.Collections.Concurrent;
using System.Diagnostics;

namespace Strata.Diagnostics;

/// <summary>
/// Counts and times every statement of one database by its shape (<see cref="StatementShape"/>), for
/// <see cref="Database.GetStatistics"/>. Holds at most <see cref="Capacity"/> statements: when a new one would pass
/// that, the least recently used tenth is dropped at once, so that a stream of one-off statements costs one sort per
/// hundred new statements rather than one per statement.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free on the hot path: a dictionary lookup and a few interlocked additions per command. A
/// statement dropped while another flow records it loses that one record.
/// </remarks>
internal sealed class QueryStatistics
{
    /// <summary>How many statements a database keeps by default.</summary>
    public const int DefaultCapacity = 1_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;
    private int _evicting;
    private long _dropped;

    public QueryStatistics(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public void Record(string sql, TimeSpan elapsed, bool failed)
    {
        if (!_entries.TryGetValue(sql, out var entry)) entry = Add(sql);
        entry.Record(elapsed.Ticks, failed);
    }

    public QueryStatisticsSnapshot Snapshot()
    {
        var statements = new List<StatementStatistics>(Volatile.Read(ref _count));
        foreach (var pair in _entries) statements.Add(pair.Value.Snapshot());
        statements.Sort(static (a, b) => b.TotalDuration.CompareTo(a.TotalDuration));
        return new QueryStatisticsSnapshot(statements, Interlocked.Read(ref _dropped));
    }

    public void Reset()
    {
        foreach (var key in _entries.Keys)
        {
            if (_entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
        }
        Interlocked.Exchange(ref _dropped, 0);
    }

    private Entry Add(string sql)
    {
        var fresh = new Entry(sql);
        if (!_entries.TryAdd(sql, fresh)) return _entries.TryGetValue(sql, out var existing) ? existing : fresh;
        if (Interlocked.Increment(ref _count) > Capacity) Evict();
        return fresh;
    }

    private void Evict()
    {
        // One flow evicts; the others go on recording, and may push the count a little past the capacity meanwhile.
        if (Interlocked.CompareExchange(ref _evicting, 1, 0) != 0) return;
        try
        {
            var entries = _entries.Values.ToArray();
            var excess = entries.Length - Capacity + Math.Max(1, Capacity / 10);
            if (excess <= 0) return;
            Array.Sort(entries, static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
            for (var i = 0; i < excess && i < entries.Length; i++)
            {
                if (!_entries.TryRemove(entries[i].Sql, out _)) continue;
                Interlocked.Decrement(ref _count);
                Interlocked.Increment(ref _dropped);
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    /// <summary>One statement's running totals.</summary>
    private sealed class Entry(string sql)
    {
        private readonly DurationHistogram _histogram = new();
        private long _count;
        private long _errors;
        private long _totalTicks;
        private long _maxTicks;
        private long _lastUsed = Stopwatch.GetTimestamp();

        public string Sql { get; } = sql;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public void Record(long ticks, bool failed)
        {
            Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _count);
            if (failed) Interlocked.Increment(ref _errors);
            Interlocked.Add(ref _totalTicks, ticks);
            long max;
            while (ticks > (max = Volatile.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, ticks, max) != max)
            {
            }
            _histogram.Record(ticks);
        }

        public StatementStatistics Snapshot()
        {
            var count = Interlocked.Read(ref _count);
            var errors = Interlocked.Read(ref _errors);
            var total = Interlocked.Read(ref _totalTicks);
            var max = Interlocked.Read(ref _maxTicks);
            return new StatementStatistics(Sql, count, errors, TimeSpan.FromTicks(total),
                count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(total / count), _histogram.Percentile(0.95, max), TimeSpan.FromTicks(max));
        }
    }
}
