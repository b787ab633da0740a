namespace Strata;

/// <summary>A row broke an integrity constraint. The subtypes say which kind.</summary>
public class ConstraintViolationException : DatabaseException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public ConstraintViolationException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ConstraintViolationException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ConstraintViolationException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public ConstraintViolationException() : this("A row broke an integrity constraint.") { }
}
