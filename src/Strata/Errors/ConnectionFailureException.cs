namespace Strata;

/// <summary>The connection could not be opened or broke while in use.</summary>
public class ConnectionFailureException : DatabaseException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public ConnectionFailureException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ConnectionFailureException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectionFailureException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public ConnectionFailureException() : this("The connection could not be opened or broke while in use.") { }
}
