namespace Strata.Redis;

/// <summary>Redis could not be reached (refused, unreachable, dropped), or no connection is open for the command right now. Transient.</summary>
/// <remarks>The message names the endpoints, never the password. The store keeps reconnecting in the background.</remarks>
public sealed class RedisConnectionFailureException : ConnectionFailureException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and where.</param>
    /// <param name="innerException">StackExchange.Redis's exception.</param>
    public RedisConnectionFailureException(string message, Exception? innerException)
        : base(message, new DatabaseErrorDetails(RedisErrors.Dialect, IsTransient: true), innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and where.</param>
    public RedisConnectionFailureException(string message) : this(message, null) { }

    /// <summary>Creates the exception with a default message.</summary>
    public RedisConnectionFailureException() : this("Redis could not be reached.") { }
}
