namespace Strata.Diagnostics;

/// <summary>Reads the server's own statement statistics: <c>var report = await db.GetServerStatisticsAsync(10);</c>.</summary>
public static class ServerStatisticsExtensions
{
    /// <summary>
    /// The <paramref name="top"/> statements of this database with the slowest average run, as the server counts them
    /// (every client's, since the server was started or its statistics reset). Where the server keeps no such statistics, or
    /// this user may not read them, the report says why instead of throwing (<see cref="ServerStatementReport.Unavailable"/>).
    /// </summary>
    /// <param name="database">The database; read on its primary.</param>
    /// <param name="top">How many statements (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is out of range.</exception>
    /// <exception cref="ConnectionFailureException">The database cannot be reached.</exception>
    /// <remarks>Unlike <see cref="Database.GetStatistics"/>, which counts what this process sent, this reads the server's view.</remarks>
    public static Task<ServerStatementReport> GetServerStatisticsAsync(this IDatabase database, int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 1000);
        return database.Dialect.ReadServerStatisticsAsync(database.OnPrimary(), top, cancellationToken);
    }
}
