namespace Strata;

/// <summary>A NULL was written to a NOT NULL column.</summary>
public sealed class NotNullViolationException : ConstraintViolationException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public NotNullViolationException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public NotNullViolationException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NotNullViolationException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public NotNullViolationException() : this("A NULL was written to a NOT NULL column.") { }
}
