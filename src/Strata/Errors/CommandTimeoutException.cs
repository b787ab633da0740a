namespace Strata;

/// <summary>
/// The command ran longer than its command timeout and was cancelled. Not transient: the same work
/// would most likely run out of time again, so transactions are not retried for it; raise the timeout
/// (<see cref="IDbSession.WithCommandTimeout"/>) or make the query cheaper.
/// </summary>
public sealed class CommandTimeoutException : DatabaseTimeoutException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public CommandTimeoutException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CommandTimeoutException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CommandTimeoutException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public CommandTimeoutException() : this("The command ran longer than its command timeout and was cancelled.") { }
}
