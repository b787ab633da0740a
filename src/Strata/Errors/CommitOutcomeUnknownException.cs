namespace Strata;

/// <summary>
/// The connection was lost while COMMIT was in flight, so whether the transaction committed is
/// unknown. Never retried automatically: check the data (or give
/// <see cref="TransactionOptions.VerifyCommit"/> a callback that does) before doing the work again.
/// </summary>
public sealed class CommitOutcomeUnknownException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The connection failure.</param>
    public CommitOutcomeUnknownException(string message, DatabaseErrorDetails details, Exception? innerException)
        : base(message, details with { IsTransient = false }, innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public CommitOutcomeUnknownException(string message) : this(message, new DatabaseErrorDetails("unknown"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The connection failure.</param>
    public CommitOutcomeUnknownException(string message, Exception? innerException)
        : this(message, new DatabaseErrorDetails("unknown"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public CommitOutcomeUnknownException() : this("The outcome of COMMIT is unknown: the connection was lost while it was in flight.") { }
}
