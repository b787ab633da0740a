using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Strata.Dialects;
using Strata.Mapping;

namespace Strata.Diagnostics;

/// <summary>
/// The one place every command passes: it builds the driver command (text, parameters, timeout,
/// transaction), calls interceptors, translates errors and logs; spans, metrics, statistics and events go to the
/// database's <see cref="DatabaseTelemetry"/>.
/// </summary>
internal sealed partial class CommandPipeline
{
    private readonly SqlDialect _dialect;
    private readonly ICommandInterceptor[] _interceptors;
    private readonly ILogger? _logger;
    private readonly bool _logValues;
    private readonly bool _enumsAsText;
    private readonly DatabaseTelemetry _telemetry;
    private readonly Func<string, string>? _redact;

    public CommandPipeline(SqlDialect dialect, DatabaseOptions options, int defaultTimeoutSeconds, DatabaseTelemetry telemetry)
    {
        _dialect = dialect;
        // Plugins that intercept commands see them after the interceptors configured directly.
        _interceptors = [.. options.Interceptors, .. options.Plugins.Enabled.Select(e => e.Plugin).OfType<ICommandInterceptor>().Distinct()];
        _telemetry = telemetry;
        _logger = telemetry.Logger;
        _logValues = options.LogParameterValues;
        _enumsAsText = options.EnumStorage == EnumStorage.Name;
        _redact = options.IncludeValuesInErrors ? null : dialect.RedactValues;
        DefaultTimeoutSeconds = defaultTimeoutSeconds;
        _conversions = options.Types.Freeze();
        Mapping = new RowMapping(options.NamingConvention, new JsonMapping(options.Json), _conversions);
    }

    private readonly TypeConversions _conversions;

    /// <summary>True when the application registered type conversions, which only <see cref="NormalizeValue(object?, string?)"/> applies.</summary>
    public bool ConvertsValues => _conversions.HasRegistrations;

    public int DefaultTimeoutSeconds { get; }

    public NamingConvention Convention => Mapping.Convention;

    /// <summary>The naming convention, JSON settings and type conversions rows are mapped with.</summary>
    public RowMapping Mapping { get; }

    /// <summary>How this database writes and reads JSON values.</summary>
    public JsonMapping Json => Mapping.Json;

    public ILogger? Logger => _logger;

    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, Sql sql, int? timeoutSeconds, bool multipleStatements = false)
    {
        var dialect = multipleStatements ? _dialect.MultipleStatementDialect : _dialect;
        var rendered = sql.Render(dialect);
        var command = connection.CreateCommand();
        command.CommandText = rendered.Text;
        command.Transaction = transaction;
        command.CommandTimeout = timeoutSeconds ?? DefaultTimeoutSeconds;
        var values = rendered.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            dialect.AddParameter(command, i, value is InListValues list ? dialect.InListParameterValue(NormalizeList(list.Items)) : NormalizeValue(value));
        }
        return command;
    }

    /// <summary>The list's values normalised, copied only when one of them changes (an enum, a converted type, a local time).</summary>
    private object?[] NormalizeList(object?[] items)
    {
        object?[]? normalized = null;
        for (var i = 0; i < items.Length; i++)
        {
            var value = NormalizeValue(items[i]);
            if (ReferenceEquals(value, items[i])) continue;
            normalized ??= (object?[])items.Clone();
            normalized[i] = value;
        }
        return normalized ?? items;
    }

    /// <summary>
    /// A parameter value as the dialect gets it. JSON comes first: a JSON value (a document, <see cref="JsonParameter"/> such as a
    /// <see cref="JsonColumnAttribute"/> member's value, a type marked or listed as JSON) becomes <see cref="JsonText"/>, even when its
    /// type would otherwise be converted. Then a type with a converter (or that wraps one value) becomes the type it is stored as, an
    /// enum its number or name (<see cref="DatabaseOptions.EnumStorage"/>), a local <see cref="DateTime"/> UTC, and a collection is
    /// checked against <see cref="SqlDialect.SupportsArrays"/> with its elements normalised the same way (see <see cref="ArrayValues"/>).
    /// Anything else is returned as it is (the same reference). A value the database cannot store is refused here, before anything is sent.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The database cannot store the value (<see cref="SqlDialect.DescribeUnstorableValue"/>).</exception>
    /// <exception cref="NotSupportedException">A collection sent as one value to a database without arrays.</exception>
    public object? NormalizeValue(object? value) => NormalizeValue(value, null);

    /// <summary>As <see cref="NormalizeValue(object?)"/>, for the value of <paramref name="column"/>, which a refusal names.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The database cannot store the value.</exception>
    /// <exception cref="NotSupportedException">A collection sent as one value to a database without arrays.</exception>
    public object? NormalizeValue(object? value, string? column)
    {
        switch (value)
        {
            case null: return null;
            case string or byte[] or Guid or DateOnly or TimeOnly or TimeSpan or DateTimeOffset: return value;
            // The scalars that are never JSON, without asking the type (bulk inserts pass millions of them).
            case bool or int or long or short or byte or double or float or decimal or DateTime: break;
            case not (decimal or DateTime or Enum) when !value.GetType().IsPrimitive && Json.IsJsonValue(value): return Json.ToText(value);
        }
        var stored = NormalizeScalar(value, column);
        return stored is System.Collections.IEnumerable items && ArrayValues.IsCollection(stored) ? NormalizeItems(items, column) : stored;
    }

    // Apart, so that the closure over the column is made for collections only, not for every value.
    private object NormalizeItems(System.Collections.IEnumerable items, string? column) =>
        ArrayValues.Normalize(_dialect, items, _conversions, item => NormalizeScalar(item, column));

    /// <summary>
    /// Refuses now, naming <paramref name="column"/>, a value the database cannot store (NaN on MySQL, a 20-digit decimal on SQLite),
    /// for paths that build the command later. JSON values and collections are left to <see cref="NormalizeValue(object?, string?)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The database cannot store the value.</exception>
    public void CheckStorable(object? value, string column)
    {
        if (value is null or string or byte[] || ArrayValues.IsCollection(value) || !value.GetType().IsPrimitive && value is not (decimal or DateTime or Enum) && Json.IsJsonValue(value))
            return;
        NormalizeScalar(value, column);
    }

    /// <summary>One value converted, its enum and local time normalised and checked, leaving JSON and collections aside.</summary>
    private object? NormalizeScalar(object? value, string? column)
    {
        if (value is null) return null;
        var stored = _conversions.ToProvider(value);
        switch (stored)
        {
            case null: return null;
            case Enum e: return NormalizeEnum(e);
            case DateTime { Kind: DateTimeKind.Local } local: return local.ToUniversalTime();
        }
        if (_dialect.DescribeUnstorableValue(stored) is { } problem) throw SqlDialect.UnstorableValueError(problem, column);
        return stored;
    }

    private object NormalizeEnum(Enum e) =>
        _enumsAsText ? e.ToString() : Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts a command sent through <paramref name="session"/>: its span, then the interceptors' before hooks.
    /// Not an async method, so that the span becomes the current activity of the caller, which runs the command, and
    /// the driver's own spans nest inside it.
    /// </summary>
    public ValueTask<Execution> BeginAsync(SessionBase session, DbCommand command, CommandKind kind, CancellationToken cancellationToken)
    {
        var activity = _telemetry.StartCommand(kind, session);
        if (_interceptors.Length == 0) return new ValueTask<Execution>(new Execution(command, kind, Stopwatch.GetTimestamp(), null, activity, session));
        return BeforeAsync(new Execution(command, kind, 0, new CommandContext(command, _dialect.Name, kind), activity, session), cancellationToken);
    }

    private async ValueTask<Execution> BeforeAsync(Execution execution, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var interceptor in _interceptors)
                await interceptor.BeforeExecuteAsync(execution.Context!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (execution.Activity is { } activity)
        {
            StrataTracing.Fail(activity, e);
            throw;
        }
        return execution with { Started = Stopwatch.GetTimestamp() };
    }

    public ValueTask EndAsync(in Execution execution, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.GetElapsedTime(execution.Started);
        var sql = execution.Command.CommandText;
        if (_logger is not null) LogSuccess(execution, elapsed);
        _telemetry.CommandSucceeded(execution.Kind, sql, elapsed, execution.Activity);
        // What the command wrote is recorded (and, when it autocommitted, reported to the query cache) before the caller sees its result.
        var writes = execution.Session.Owner.Writes;
        if (execution.Context is null) return writes.Enabled ? writes.CommandSucceededAsync(execution.Session, sql, cancellationToken) : default;
        return AfterAsync(execution.Context, elapsed, writes.Enabled ? execution.Session : null, cancellationToken);
    }

    private async ValueTask AfterAsync(CommandContext context, TimeSpan elapsed, SessionBase? writer, CancellationToken cancellationToken)
    {
        context.Elapsed = elapsed;
        foreach (var interceptor in _interceptors)
            await interceptor.AfterExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        if (writer is not null) await writer.Owner.Writes.CommandSucceededAsync(writer, context.Command.CommandText, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a failed command: translates <paramref name="exception"/>, counts and logs it, and calls
    /// the failed hooks. Throws the translated exception when there is one; otherwise returns, and the
    /// caller rethrows the original with its stack trace.
    /// </summary>
    public async ValueTask FailAsync(Execution execution, Exception exception, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.GetElapsedTime(execution.Started);
        var error = exception is InvalidOperationException && execution.Command.Connection is { State: ConnectionState.Broken }
            ? BrokenConnection(exception, execution.Command.CommandText)
            : Translate(exception, execution.Command.CommandText);
        _telemetry.CommandFailed(execution.Kind, execution.Command.CommandText, elapsed, error, execution.Activity);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            var errorName = error.GetType().Name;
            LogFailure(_logger, execution.Kind, elapsed.TotalMilliseconds, errorName, execution.Command.CommandText);
        }
        if (execution.Context is { } context)
        {
            context.Elapsed = elapsed;
            context.Exception = error;
            foreach (var interceptor in _interceptors)
                await interceptor.FailedAsync(context, cancellationToken).ConfigureAwait(false);
        }
        if (!ReferenceEquals(error, exception)) throw error;
    }

    /// <summary>
    /// The translated form of a driver exception, which from now on shows its messages with values redacted (unless
    /// <see cref="DatabaseOptions.IncludeValuesInErrors"/>); a <see cref="DatabaseException"/> gets the same redaction.
    /// Anything that is not a database error comes back unchanged.
    /// </summary>
    public Exception Translate(Exception exception, string? sql)
    {
        if (exception is OperationCanceledException) return exception;
        var translated = exception as DatabaseException ?? _dialect.TranslateException(exception, sql);
        // A driver that lets a broken socket through unwrapped (MySqlConnector's end-of-stream, say): the connection is gone.
        if (translated is null && exception is IOException or System.Net.Sockets.SocketException)
            translated = new ConnectionFailureException($"The connection to the database broke: {exception.Message}",
                new DatabaseErrorDetails(_dialect.Name, Sql: sql, IsTransient: true), exception);
        if (translated is null) return exception;
        translated.UseRedaction(_redact);
        return translated;
    }

    /// <summary>
    /// The error for a statement refused because the driver had already found its connection broken (MySqlConnector throws
    /// <see cref="InvalidOperationException"/> then): the connection is gone, as when the statement itself broke it.
    /// </summary>
    public ConnectionFailureException BrokenConnection(Exception exception, string? sql)
    {
        var error = new ConnectionFailureException($"The connection to the database broke before the statement could be sent: {exception.Message}",
            new DatabaseErrorDetails(_dialect.Name, Sql: sql), exception);
        error.UseRedaction(_redact);
        return error;
    }

    /// <summary>True for exceptions the pipeline translates: driver errors, and the I/O and timeout errors drivers let through.</summary>
    public static bool IsDriverError(Exception exception) =>
        exception is DbException or TimeoutException or IOException or System.Net.Sockets.SocketException
        && exception is not DatabaseException;

    /// <summary>True when interceptors are configured, so that bulk statements need a <see cref="CommandContext"/>.</summary>
    public bool HasInterceptors => _interceptors.Length > 0;

    /// <summary>The dialect's name, for the contexts of statements sent outside <see cref="BeginAsync"/>.</summary>
    public string DialectName => _dialect.Name;

    /// <summary>Calls the interceptors' before hooks for a statement sent outside <see cref="BeginAsync"/>.</summary>
    public async ValueTask BeforeAsync(CommandContext context, CancellationToken cancellationToken)
    {
        foreach (var interceptor in _interceptors)
            await interceptor.BeforeExecuteAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls the interceptors' after hooks for a statement sent outside <see cref="BeginAsync"/>.</summary>
    public ValueTask AfterStatementAsync(CommandContext context, TimeSpan elapsed, CancellationToken cancellationToken) =>
        AfterAsync(context, elapsed, null, cancellationToken);

    /// <summary>Calls the interceptors' failed hooks for a statement sent outside <see cref="BeginAsync"/>; <paramref name="error"/> is translated.</summary>
    public async ValueTask FailedStatementAsync(CommandContext context, TimeSpan elapsed, Exception error, CancellationToken cancellationToken)
    {
        context.Elapsed = elapsed;
        context.Exception = error;
        foreach (var interceptor in _interceptors)
            await interceptor.FailedAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a bulk insert's span; call it from the async method that runs the insert.</summary>
    public Activity? StartBulkInsert(SessionBase session, string table) => _telemetry.StartBulkInsert(session, table);

    /// <summary>Records a finished bulk insert: one measurement, span and debug line for all its rows.</summary>
    public void BulkInserted(string table, string sql, long rows, long started, Activity? activity)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (activity is { IsAllDataRequested: true }) activity.SetTag(TelemetryNames.BulkInsertRows, rows);
        _telemetry.CommandSucceeded(CommandKind.BulkInsert, sql, elapsed, activity);
        if (_logger?.IsEnabled(LogLevel.Debug) == true) LogBulkInserted(_logger, rows, table, elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Records a failed bulk insert and returns the translated exception to throw, or null when
    /// <paramref name="exception"/> needs no translation and the caller rethrows it with its stack trace.
    /// </summary>
    public Exception? BulkFailed(Exception exception, string sql, long started, Activity? activity)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var error = Translate(exception, sql);
        _telemetry.CommandFailed(CommandKind.BulkInsert, sql, elapsed, error, activity);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            var errorName = error.GetType().Name;
            LogFailure(_logger, CommandKind.BulkInsert, elapsed.TotalMilliseconds, errorName, sql);
        }
        return ReferenceEquals(error, exception) ? null : error;
    }

    private void LogSuccess(in Execution execution, TimeSpan elapsed)
    {
        var logger = _logger!;
        if (_telemetry.IsSlow(elapsed) && logger.IsEnabled(LogLevel.Warning))
            LogSlow(logger, execution.Kind, elapsed.TotalMilliseconds, _telemetry.SlowThreshold!.Value.TotalMilliseconds, execution.Command.CommandText);
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        if (_logValues && execution.Command.Parameters.Count > 0)
        {
            var values = FormatValues(execution.Command);
            LogExecutedWithValues(logger, execution.Kind, elapsed.TotalMilliseconds, execution.Command.CommandText, values);
        }
        else
            LogExecuted(logger, execution.Kind, elapsed.TotalMilliseconds, execution.Command.CommandText);
    }

    private static string FormatValues(DbCommand command)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            var value = command.Parameters[i].Value;
            builder.Append('p').Append(i).Append('=').Append(value is DBNull or null ? "NULL" : value is byte[] b ? $"<{b.Length} bytes>" : value);
        }
        return builder.ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Executed {Kind} in {ElapsedMs:0.###} ms: {Sql}")]
    private static partial void LogExecuted(ILogger logger, CommandKind kind, double elapsedMs, string sql);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Executed {Kind} in {ElapsedMs:0.###} ms: {Sql} [{Parameters}]")]
    private static partial void LogExecutedWithValues(ILogger logger, CommandKind kind, double elapsedMs, string sql, string parameters);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Slow {Kind} took {ElapsedMs:0.###} ms (threshold {ThresholdMs} ms): {Sql}")]
    private static partial void LogSlow(ILogger logger, CommandKind kind, double elapsedMs, double thresholdMs, string sql);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Failed {Kind} after {ElapsedMs:0.###} ms with {Error}: {Sql}")]
    private static partial void LogFailure(ILogger logger, CommandKind kind, double elapsedMs, string error, string sql);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Bulk inserted {Rows} rows into {Table} in {ElapsedMs:0.###} ms")]
    private static partial void LogBulkInserted(ILogger logger, long rows, string table, double elapsedMs);

    /// <summary>One command in flight: when it started, the interceptors' view of it and its span.</summary>
    internal readonly record struct Execution(DbCommand Command, CommandKind Kind, long Started, CommandContext? Context, Activity? Activity, SessionBase Session);
}
