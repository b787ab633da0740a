using Strata.Diagnostics;

namespace Strata.MySql;

/// <summary>Reads <c>performance_schema</c>'s statement digests for this database, or says why it cannot.</summary>
internal static class MySqlServerStatistics
{
    private const string Source = "performance_schema";

    /// <summary>performance_schema's timers count picoseconds; a tick is 100 ns.</summary>
    private const decimal PicosecondsPerTick = 100_000m;

    public static async Task<ServerStatementReport> ReadAsync(IDbSession session, int top, CancellationToken cancellationToken)
    {
        var on = await session.ScalarAsync<long>($"SELECT @@performance_schema", cancellationToken).ConfigureAwait(false);
        if (on == 0)
            return ServerStatementReport.NotAvailable(Source,
                "performance_schema is off on this server: set performance_schema=ON under [mysqld] in the server's configuration and restart it " +
                "(it cannot be turned on while the server runs).");
        try
        {
            var rows = await session.QueryAsync<Row>(
                $"""
                SELECT DIGEST_TEXT AS sql_text, COUNT_STAR AS calls, SUM_TIMER_WAIT AS total_wait, AVG_TIMER_WAIT AS mean_wait,
                       MAX_TIMER_WAIT AS max_wait, SUM_ROWS_SENT + SUM_ROWS_AFFECTED AS row_count
                  FROM performance_schema.events_statements_summary_by_digest
                 WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT IS NOT NULL
                 ORDER BY AVG_TIMER_WAIT DESC
                 LIMIT {top}
                """, cancellationToken).ConfigureAwait(false);
            return new ServerStatementReport(Source, [.. rows.Select(r => new ServerStatement(r.SqlText, (long)r.Calls, Time(r.TotalWait), Time(r.MeanWait),
                Time(r.MaxWait), (long)r.RowCount))], null);
        }
        catch (DatabaseException e)
        {
            return ServerStatementReport.NotAvailable(Source,
                $"performance_schema cannot be read ({e.Message.TrimEnd('.')}): grant this user SELECT on performance_schema.events_statements_summary_by_digest.");
        }
    }

    private static TimeSpan Time(decimal picoseconds) => TimeSpan.FromTicks((long)(picoseconds / PicosecondsPerTick));

    private sealed record Row(string SqlText, decimal Calls, decimal TotalWait, decimal MeanWait, decimal MaxWait, decimal RowCount);
}
