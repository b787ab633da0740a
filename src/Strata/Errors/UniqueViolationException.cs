namespace Strata;

/// <summary>A row would duplicate a value of a unique index or primary key.</summary>
public sealed class UniqueViolationException : ConstraintViolationException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public UniqueViolationException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public UniqueViolationException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UniqueViolationException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public UniqueViolationException() : this("A row would duplicate a value of a unique index or primary key.") { }
}
