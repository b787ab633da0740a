namespace Strata;

/// <summary>
/// A statement of a SQL script (<see cref="IDbSession.ExecuteScriptAsync"/>, <see cref="IDbSession.ExecuteScriptFileAsync"/>)
/// failed: the message names the statement's number and line (and the file); the database's typed error is the
/// <see cref="Exception.InnerException"/> (a <see cref="UniqueViolationException"/>, say), and its code, constraint, table and
/// SQL text are copied here.
/// </summary>
public sealed class SqlScriptException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and what became of the statements before it.</param>
    /// <param name="details">The database's error details.</param>
    /// <param name="innerException">The statement's error.</param>
    public SqlScriptException(string message, DatabaseErrorDetails details, Exception? innerException) : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SqlScriptException(string message) : base(message, new DatabaseErrorDetails("script"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SqlScriptException(string message, Exception? innerException) : base(message, new DatabaseErrorDetails("script"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public SqlScriptException() : this("A statement of a SQL script failed.") { }

    /// <summary>The 1-based position of the failed statement in the script.</summary>
    public int? Statement { get; init; }

    /// <summary>The 1-based line of the script (or file) the failed statement starts on.</summary>
    public int? Line { get; init; }

    /// <summary>The script's file, when it was read from one.</summary>
    public string? File { get; init; }
}
