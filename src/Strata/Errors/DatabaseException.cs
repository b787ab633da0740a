using System.Data.Common;

namespace Strata;

/// <summary>
/// A failure reported by the database or its driver, translated by the provider. Subtypes say what
/// kind of failure it was; the properties carry what the driver reported. The message and
/// <see cref="Sql"/> never contain parameter values or passwords.
/// </summary>
public class DatabaseException : DbException
{
    /// <summary>Creates an exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
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

    /// <summary>Renders the error with its code and SQL text; values and passwords are never included.</summary>
    public override string ToString()
    {
        var code = SqlState ?? ErrorNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var head = $"{GetType().FullName}: {Message} [{Dialect}{(code is null ? "" : " " + code)}]";
        return Sql is null ? head : $"{head}{Environment.NewLine}SQL: {Sql}";
    }
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
