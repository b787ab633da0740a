namespace Strata;

/// <summary>
/// The database's circuit breaker is open after repeated connection failures: the call failed at once, without trying to
/// connect. The breaker lets a probe through after its break duration and closes when the database answers again.
/// </summary>
/// <remarks>Not transient: retrying at once fails the same way. Wait for <see cref="RetryAfter"/> first.</remarks>
public sealed class DatabaseUnavailableException : ConnectionFailureException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is unavailable and until when.</param>
    /// <param name="details">The dialect and so on; <see cref="DatabaseErrorDetails.IsTransient"/> is ignored (always false).</param>
    /// <param name="retryAfter">How long until the breaker lets a probe through, if known.</param>
    /// <param name="innerException">The breaker's exception.</param>
    public DatabaseUnavailableException(string message, DatabaseErrorDetails details, TimeSpan? retryAfter, Exception? innerException)
        : base(message, (details ?? new DatabaseErrorDetails("unknown")) with { IsTransient = false }, innerException) => RetryAfter = retryAfter;

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is unavailable.</param>
    public DatabaseUnavailableException(string message) : this(message, new DatabaseErrorDetails("unknown"), null, null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is unavailable.</param>
    /// <param name="innerException">The cause.</param>
    public DatabaseUnavailableException(string message, Exception? innerException) : this(message, new DatabaseErrorDetails("unknown"), null, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public DatabaseUnavailableException() : this("The database is unavailable: its circuit breaker is open.") { }

    /// <summary>How long until the breaker lets a probe through, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}
