using System.Diagnostics.Metrics;

namespace Strata.Diagnostics;

/// <summary>
/// The <c>Strata</c> meter: <c>db.client.operation.duration</c> (seconds, histogram) and
/// <c>strata.command.errors</c> (counter), tagged with <c>db.system.name</c> and the operation kind.
/// Nothing is recorded (or allocated for tags) while no listener is enabled.
/// </summary>
public static class StrataMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Strata";

    internal static readonly Meter Meter = new(MeterName, typeof(StrataMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", unit: "s", description: "Duration of database commands.");

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "strata.command.errors", unit: "{error}", description: "Database commands that failed.");

    internal static void Record(string dialect, CommandKind kind, TimeSpan elapsed, Exception? error)
    {
        if (Duration.Enabled)
        {
            Duration.Record(elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("db.system.name", dialect),
                new KeyValuePair<string, object?>("db.operation.name", KindName(kind)));
        }
        if (error is not null && Errors.Enabled)
        {
            Errors.Add(1,
                new KeyValuePair<string, object?>("db.system.name", dialect),
                new KeyValuePair<string, object?>("error.type", error.GetType().Name));
        }
    }

    private static string KindName(CommandKind kind) => kind switch
    {
        CommandKind.Query => "query",
        CommandKind.Execute => "execute",
        CommandKind.Scalar => "scalar",
        CommandKind.Stream => "stream",
        CommandKind.Multiple => "multiple",
        CommandKind.BulkInsert => "bulk_insert",
        _ => "prepared",
    };
}
