using Strata.Bulk;
namespace Strata;

/// <summary>How <see cref="IDbSession.BulkInsertAsync(string, IReadOnlyList{string}, IEnumerable{object?[]}, BulkInsertOptions?, CancellationToken)"/> sends its rows.</summary>
/// <remarks>Immutable; one instance may be shared by any number of concurrent bulk inserts.</remarks>
public sealed record BulkInsertOptions
{
    /// <summary>The defaults: batches of 1,000 rows, no progress, the session's command timeout.</summary>
    public static BulkInsertOptions Default { get; } = new();

    /// <summary>
    /// Rows per batch (1,000 by default). Where rows go as multi-row INSERT statements, it is the rows per
    /// statement (fewer when the dialect's parameter limit needs it); where they stream (PostgreSQL's COPY,
    /// MySQL's LOAD DATA, SQLite's prepared statement) it is only how often progress is reported.
    /// </summary>
    /// <remarks>Must be at least 1; the bulk insert throws <see cref="ArgumentOutOfRangeException"/> otherwise.</remarks>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>
    /// Told the number of rows handed to the database so far, once per batch and once at the end. Called
    /// synchronously on the inserting flow, so a slow implementation slows the insert (<see cref="Progress{T}"/>
    /// posts to its synchronization context instead). Null reports nothing.
    /// </summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>
    /// The timeout of each statement the bulk insert sends (the whole COPY or LOAD DATA where rows stream, each
    /// batch otherwise); zero waits forever. Null uses the session's command timeout.
    /// </summary>
    /// <remarks>Must not be negative; the bulk insert throws <see cref="ArgumentOutOfRangeException"/> otherwise.</remarks>
    public TimeSpan? CommandTimeout { get; init; }
}
