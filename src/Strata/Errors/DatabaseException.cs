using System.Data.Common;
using System.Text;

namespace Strata;

/// <summary>
/// A failure reported by the database or its driver, translated by the provider. Subtypes say what
/// kind of failure it was; the properties carry what the driver reported. <see cref="Sql"/> never contains parameter
/// values or passwords, and neither do <see cref="Message"/> and <see cref="ToString"/>: values the server quotes in its
/// error text are replaced by <c>***</c> unless <see cref="DatabaseOptions.IncludeValuesInErrors"/> is on.
/// </summary>
/// <remarks>
/// The driver's own exception (<see cref="Exception.InnerException"/>) is left as the driver made it, so its message can
/// hold values: log this exception (whose <see cref="ToString"/> renders the inner ones redacted), not the inner one alone.
/// </remarks>
public class DatabaseException : DbException
{
    private Func<string, string>? _redact;
    private int _redaction;
    private string? _redactedMessage;

    /// <summary>Creates an exception from the parts a provider's translator found.</summary>
    /// <param name="message">
    /// What went wrong, never with parameter values of Strata's own making; the server's text may be part of it, since the
    /// values it quotes are masked when Strata's pipeline translates the error (<see cref="Dialects.SqlDialect.RedactValues"/>).
    /// </param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public DatabaseException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        Dialect = details.Dialect;
        SqlState = details.SqlState;
        ErrorNumber = details.ErrorNumber;
        Constraint = details.Constraint;
        Table = details.Table;
        Column = details.Column;
        Sql = details.Sql;
        IsTransient = details.IsTransient;
    }

    /// <summary>Creates a generic database exception.</summary>
    public DatabaseException() : this("A database error occurred.", new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates a generic database exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public DatabaseException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates a generic database exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DatabaseException(string message, Exception? innerException)
        : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>The dialect that reported the error (<c>postgresql</c>, <c>mysql</c>, <c>sqlite</c>, …).</summary>
    public string Dialect { get; }

    /// <inheritdoc />
    public override string? SqlState { get; }

    /// <summary>The driver's numeric error code (MySQL error number, SQLite extended result code), when there is one.</summary>
    public int? ErrorNumber { get; }

    /// <summary>The constraint or index involved, when the database reports it.</summary>
    public string? Constraint { get; }

    /// <summary>The table involved, when the database reports it.</summary>
    public string? Table { get; }

    /// <summary>The column involved, when the database reports it.</summary>
    public string? Column { get; }

    /// <summary>The SQL text of the failed command (placeholders, never values), when a command was running.</summary>
    public string? Sql { get; }

    /// <inheritdoc />
    public override bool IsTransient { get; }

    /// <summary>
    /// What went wrong, without parameter values: the values the database quoted in its own text are replaced by
    /// <c>***</c>, unless the database's <see cref="DatabaseOptions.IncludeValuesInErrors"/> is on.
    /// </summary>
    public override string Message => _redact is null ? base.Message : _redactedMessage ??= _redact(base.Message);

    /// <summary>
    /// Sets, once, how this exception removes values from the texts it shows (its message and those of its inner
    /// exceptions); null keeps them. Later calls change nothing, so the database that translated the error decides.
    /// </summary>
    internal void UseRedaction(Func<string, string>? redact)
    {
        if (Interlocked.Exchange(ref _redaction, 1) != 0) return;
        _redact = redact;
    }

    /// <summary>
    /// Renders the error with its code, SQL text, inner exceptions (the driver's error and what caused it) and stack
    /// traces, as <see cref="Exception.ToString"/> does; values are redacted in every message, as in <see cref="Message"/>.
    /// Passwords are never included.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Render(builder, this, _redact);
        return builder.ToString();
    }

    private static void Render(StringBuilder builder, Exception exception, Func<string, string>? redact)
    {
        if (exception is DatabaseException database)
        {
            // An inner database error renders itself with its own redaction, or the outer one's when it has none.
            redact = database._redaction != 0 ? database._redact : redact;
            var code = database.SqlState ?? database.ErrorNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Append(exception.GetType().FullName).Append(": ").Append(redact is null ? database.BaseMessage : redact(database.BaseMessage))
                .Append(" [").Append(database.Dialect).Append(code is null ? "" : " " + code).Append(']');
            if (database.Sql is { } sql) builder.AppendLine().Append("SQL: ").Append(sql);
        }
        else
        {
            builder.Append(exception.GetType().FullName).Append(": ").Append(redact is null ? exception.Message : redact(exception.Message));
        }
        if (exception.InnerException is { } inner)
        {
            builder.AppendLine().Append(" ---> ");
            Render(builder, inner, redact);
            builder.AppendLine().Append("   --- End of inner exception stack trace ---");
        }
        if (exception.StackTrace is { } trace) builder.AppendLine().Append(trace);
    }

    private string BaseMessage => base.Message;
}

/// <summary>What a provider found out about an error, used to build a <see cref="DatabaseException"/>.</summary>
/// <param name="Dialect">The dialect name.</param>
/// <param name="SqlState">The SQLSTATE, when the database reports one.</param>
/// <param name="ErrorNumber">The driver's numeric code, when there is one.</param>
/// <param name="Constraint">The constraint or index name.</param>
/// <param name="Table">The table name.</param>
/// <param name="Column">The column name.</param>
/// <param name="Sql">The SQL text of the command.</param>
/// <param name="IsTransient">True when repeating the work (a whole transaction) may succeed.</param>
public sealed record DatabaseErrorDetails(
    string Dialect,
    string? SqlState = null,
    int? ErrorNumber = null,
    string? Constraint = null,
    string? Table = null,
    string? Column = null,
    string? Sql = null,
    bool IsTransient = false);
