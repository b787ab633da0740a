namespace Strata;

/// <summary>A row refers to a missing parent row, or a parent row still has children.</summary>
public sealed class ForeignKeyViolationException : ConstraintViolationException
{
    /// <summary>Creates the exception from the parts a provider's translator found.</summary>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public ForeignKeyViolationException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ForeignKeyViolationException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ForeignKeyViolationException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public ForeignKeyViolationException() : this("A row refers to a missing parent row, or a parent row still has children.") { }
}
