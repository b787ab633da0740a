using System.Diagnostics;
using System.Globalization;

namespace Strata.Diagnostics;

/// <summary>
/// The <c>Strata</c> activity source. Every command is a client span named <c>{operation} {database}</c> (e.g.
/// <c>query shop</c>) with <c>db.system.name</c>, <c>db.namespace</c>, <c>db.operation.name</c>, <c>db.query.text</c>
/// (placeholders, never values), <c>server.address</c> and <c>server.port</c>; a bulk insert is one span for all its rows.
/// A transaction is an internal span <c>transaction {database}</c> from BEGIN to its end, with
/// <c>strata.transaction.outcome</c>, and the commands run in it are its children; a nested transaction (savepoint)
/// is a child span of its parent. A migration step is an internal span <c>migration {direction} {version}</c>.
/// A failure sets the span's status to error with <c>error.type</c> (the Strata exception's type name) and
/// <c>db.response.status_code</c>; the exception's message is not recorded, as drivers may quote values in it.
/// </summary>
/// <remarks>
/// Spans are parented under the caller's <see cref="Activity.Current"/>, or under the transaction a command runs in.
/// Nothing is created while no listener samples the source.
/// </remarks>
public static class StrataTracing
{
    /// <summary>The activity source name to listen to (OpenTelemetry: <c>AddSource("Strata")</c>).</summary>
    public const string ActivitySourceName = "Strata";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(StrataTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span under the caller's current activity; when <paramref name="transactionSpan"/> is given and the
    /// caller's activity is outside it (none, or one that was already current when the transaction began, as with
    /// <c>BeginTransactionAsync</c>), under the transaction's span instead. An activity the caller started since the
    /// transaction began stays the parent.
    /// </summary>
    /// <remarks>
    /// Changes <see cref="Activity.Current"/> of the calling flow, as starting an activity always does: call it from the
    /// async method that runs the command, so that the driver's own spans nest inside, and the change ends with that method.
    /// </remarks>
    internal static Activity? Start(string name, ActivityKind kind, Activity? transactionSpan)
    {
        if (transactionSpan is not null && IsOutside(Activity.Current, transactionSpan)) Activity.Current = transactionSpan;
        return Source.StartActivity(name, kind);
    }

    /// <summary>Marks <paramref name="activity"/> as failed with <paramref name="error"/>'s type and code, and stops it.</summary>
    internal static void Fail(Activity activity, Exception error)
    {
        activity.SetStatus(ActivityStatusCode.Error);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryNames.ErrorType, error.GetType().Name);
            if (StatusCode(error) is { } code) activity.SetTag(TelemetryNames.DbResponseStatusCode, code);
        }
        activity.Stop();
    }

    private static string? StatusCode(Exception error) => error is DatabaseException e
        ? e.SqlState ?? e.ErrorNumber?.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>True when <paramref name="current"/> is null or one of <paramref name="span"/>'s ancestors.</summary>
    private static bool IsOutside(Activity? current, Activity span)
    {
        if (current is null) return true;
        for (var ancestor = span.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ReferenceEquals(ancestor, current)) return true;
        }
        return false;
    }
}
