namespace Strata.Redis;

/// <summary>A Redis command did not answer within <see cref="RedisOptions.CommandTimeout"/>. Transient.</summary>
public sealed class RedisCommandTimeoutException : DatabaseTimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which command timed out, where, and after how long.</param>
    /// <param name="innerException">StackExchange.Redis's exception.</param>
    public RedisCommandTimeoutException(string message, Exception? innerException)
        : base(message, new DatabaseErrorDetails(RedisErrors.Dialect, IsTransient: true), innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What timed out.</param>
    public RedisCommandTimeoutException(string message) : this(message, null) { }

    /// <summary>Creates the exception with a default message.</summary>
    public RedisCommandTimeoutException() : this("A Redis command timed out.") { }
}
