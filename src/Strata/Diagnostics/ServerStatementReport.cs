namespace Strata.Diagnostics;

/// <summary>
/// The slowest statements as the database server itself counts them (PostgreSQL's <c>pg_stat_statements</c>, MySQL/MariaDB's
/// <c>performance_schema</c>), across every client: what <see cref="ServerStatisticsExtensions.GetServerStatisticsAsync"/> returns.
/// </summary>
/// <param name="Source">Where the figures come from (<c>pg_stat_statements</c>, <c>performance_schema</c>).</param>
/// <param name="Statements">The statements, slowest on average first; empty when <see cref="Unavailable"/> is set.</param>
/// <param name="Unavailable">Why the server keeps no figures to read (and how to make it), or null when it does.</param>
public sealed record ServerStatementReport(string Source, IReadOnlyList<ServerStatement> Statements, string? Unavailable)
{
    /// <summary>True when the server keeps statement statistics and they were read.</summary>
    public bool IsAvailable => Unavailable is null;

    /// <summary>A report saying why there is nothing to read.</summary>
    /// <param name="source">What would have been read.</param>
    /// <param name="reason">Why it cannot be, and what to do.</param>
    public static ServerStatementReport NotAvailable(string source, string reason) => new(source, [], reason);
}

/// <summary>One statement as the server counts it. Its text is the server's normalised form, with values replaced by placeholders.</summary>
/// <param name="Sql">The statement's normalised text.</param>
/// <param name="Calls">How many times it ran.</param>
/// <param name="TotalTime">The time spent in all its runs.</param>
/// <param name="MeanTime">The average time of a run.</param>
/// <param name="MaxTime">The slowest run, where the server keeps it.</param>
/// <param name="Rows">The rows it returned or changed in all, where the server keeps it.</param>
public sealed record ServerStatement(string Sql, long Calls, TimeSpan TotalTime, TimeSpan MeanTime, TimeSpan? MaxTime, long? Rows);
