namespace Strata.KeyValue;

/// <summary>What <see cref="KeyValueStore.CheckHealthAsync"/> found. Holds no value or key of the store.</summary>
/// <param name="Status">The overall status (the SQL side's <see cref="DatabaseHealthStatus"/>).</param>
/// <param name="Description">One line for an operator: what is wrong, or that all is well.</param>
/// <param name="Path">The store's directory.</param>
/// <param name="RoundTrip">How long a read of the store's metadata took, or null when it failed.</param>
/// <param name="Statistics">RocksDB's figures, when they could be read.</param>
/// <param name="PendingMigrations">Migrations known to the store's options and not applied yet.</param>
/// <param name="Problems">Each thing found wrong, one per line; empty when healthy.</param>
/// <param name="Error">The error that made it unhealthy, if any.</param>
public sealed record KeyValueHealthReport(
    DatabaseHealthStatus Status,
    string Description,
    string Path,
    TimeSpan? RoundTrip,
    KeyValueStatistics? Statistics,
    int PendingMigrations,
    IReadOnlyList<string> Problems,
    Exception? Error)
{
    /// <summary>The report as flat name/value pairs, for a health-check response or a log scope.</summary>
    public IReadOnlyDictionary<string, object> ToData()
    {
        var data = new Dictionary<string, object>
        {
            ["system"] = KeyValueStore.SystemName,
            ["path"] = Path,
            ["migrations.pending"] = PendingMigrations,
        };
        if (RoundTrip is { } rtt) data["round_trip_ms"] = Math.Round(rtt.TotalMilliseconds, 3);
        if (Statistics is not null)
        {
            foreach (var (name, value) in Statistics.ToData()) data[name] = value;
        }
        if (Error is not null) data["error"] = Error.GetType().Name;
        return data;
    }
}
