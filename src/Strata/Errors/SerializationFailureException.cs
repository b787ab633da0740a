namespace Strata;

/// <summary>The transaction could not be serialized with concurrent ones (PostgreSQL 40001, SQLite BUSY_SNAPSHOT). Transient: re-run the whole transaction.</summary>
public sealed class SerializationFailureException : DatabaseException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public SerializationFailureException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SerializationFailureException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SerializationFailureException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public SerializationFailureException() : this("The transaction could not be serialized with concurrent ones (PostgreSQL 40001, SQLite BUSY_SNAPSHOT).") { }
}
