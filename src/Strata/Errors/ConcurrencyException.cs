namespace Strata;

/// <summary>
/// An update or delete found the row changed (or gone) since it was read: its <c>[ConcurrencyCheck]</c> column no
/// longer holds the value the entity carries. Read the row again and retry, or tell the user.
/// </summary>
public sealed class ConcurrencyException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="details">The database and table.</param>
    public ConcurrencyException(string message, DatabaseErrorDetails details) : base(message, details, null) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was refused.</param>
    public ConcurrencyException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The cause.</param>
    public ConcurrencyException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public ConcurrencyException() : this("The row changed since it was read.") { }
}
