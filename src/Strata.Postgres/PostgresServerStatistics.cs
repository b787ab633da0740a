using Strata.Diagnostics;

namespace Strata.Postgres;

/// <summary>Reads <c>pg_stat_statements</c> for this database, or says why it cannot.</summary>
internal static class PostgresServerStatistics
{
    private const string Source = "pg_stat_statements";

    public static async Task<ServerStatementReport> ReadAsync(IDbSession session, int top, CancellationToken cancellationToken)
    {
        var installed = await session.ScalarAsync<long>($"SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", cancellationToken).ConfigureAwait(false);
        if (installed == 0)
            return ServerStatementReport.NotAvailable(Source,
                "The pg_stat_statements extension is not installed in this database: add pg_stat_statements to shared_preload_libraries " +
                "in postgresql.conf, restart the server, then run CREATE EXTENSION pg_stat_statements.");
        try
        {
            var rows = await session.QueryAsync<Row>(
                $"""
                SELECT query, calls, total_exec_time, mean_exec_time, max_exec_time, rows
                  FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                 ORDER BY mean_exec_time DESC
                 LIMIT {top}
                """, cancellationToken).ConfigureAwait(false);
            return new ServerStatementReport(Source, [.. rows.Select(r => new ServerStatement(r.Query, r.Calls, TimeSpan.FromMilliseconds(r.TotalExecTime),
                TimeSpan.FromMilliseconds(r.MeanExecTime), TimeSpan.FromMilliseconds(r.MaxExecTime), r.Rows))], null);
        }
        catch (DatabaseException e)
        {
            return ServerStatementReport.NotAvailable(Source,
                $"pg_stat_statements is installed but cannot be read ({e.Message.TrimEnd('.')}): it must be listed in shared_preload_libraries, " +
                "and reading other users' statements takes the pg_read_all_stats role.");
        }
    }

    private sealed record Row(string Query, long Calls, double TotalExecTime, double MeanExecTime, double MaxExecTime, long Rows);
}
