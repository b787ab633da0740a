namespace Strata.Diagnostics;

/// <summary>
/// A copy of a database's query statistics at one moment (<see cref="Database.GetStatistics"/>): every statement kept,
/// the most expensive (by total time) first.
/// </summary>
/// <remarks>Immutable: later commands do not change it.</remarks>
public sealed class QueryStatisticsSnapshot
{
    internal QueryStatisticsSnapshot(IReadOnlyList<StatementStatistics> statements, long droppedStatements)
    {
        Statements = statements;
        DroppedStatements = droppedStatements;
        foreach (var statement in statements)
        {
            TotalCount += statement.Count;
            TotalErrors += statement.Errors;
        }
    }

    /// <summary>The statements kept, by total time, highest first.</summary>
    public IReadOnlyList<StatementStatistics> Statements { get; }

    /// <summary>The runs of all kept statements.</summary>
    public long TotalCount { get; }

    /// <summary>The failed runs of all kept statements.</summary>
    public long TotalErrors { get; }

    /// <summary>The share of all kept runs that failed, from 0 to 1.</summary>
    public double ErrorRate => TotalCount == 0 ? 0 : (double)TotalErrors / TotalCount;

    /// <summary>Statements dropped, least recently used first, to stay within the limit on kept statements.</summary>
    public long DroppedStatements { get; }

    /// <summary>The <paramref name="count"/> statements with the highest 95th percentile duration, slowest first.</summary>
    /// <param name="count">How many to return, at most.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<StatementStatistics> Slowest(int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Statements.OrderByDescending(s => s.P95Duration).ThenByDescending(s => s.MaxDuration).Take(count)];
    }

    /// <summary>The statistics of the statement whose shape is <paramref name="sql"/>, or null when it is not kept.</summary>
    /// <param name="sql">The statement as <see cref="StatementStatistics.Sql"/> shows it.</param>
    public StatementStatistics? Find(string sql) => Statements.FirstOrDefault(s => string.Equals(s.Sql, sql, StringComparison.Ordinal));
}
