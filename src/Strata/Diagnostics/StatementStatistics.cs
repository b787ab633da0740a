namespace Strata.Diagnostics;

/// <summary>What one statement shape has cost since statistics started (or were reset); see <see cref="Database.GetStatistics"/>.</summary>
/// <param name="Sql">The statement as sent, with placeholders for values and each <c>IN (…)</c> list written as one placeholder and <c>...</c>.</param>
/// <param name="Count">How many times it ran, failures included.</param>
/// <param name="Errors">How many of those runs failed.</param>
/// <param name="TotalDuration">The time all runs took together.</param>
/// <param name="AverageDuration">The mean time of a run.</param>
/// <param name="P95Duration">The time 95% of runs stayed within, from a histogram (within about 12%).</param>
/// <param name="MaxDuration">The slowest run.</param>
public sealed record StatementStatistics(
    string Sql, long Count, long Errors, TimeSpan TotalDuration, TimeSpan AverageDuration, TimeSpan P95Duration, TimeSpan MaxDuration)
{
    /// <summary>The share of runs that failed, from 0 to 1.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
