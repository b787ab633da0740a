namespace Strata.Redis;

/// <summary>A value could not be turned into bytes for Redis, or bytes read back into the type asked for. Never transient.</summary>
public sealed class RedisSerializationException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be (de)serialized and what to change.</param>
    /// <param name="innerException">The serializer's exception.</param>
    public RedisSerializationException(string message, Exception? innerException)
        : base(message, new DatabaseErrorDetails(RedisErrors.Dialect), innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisSerializationException(string message) : this(message, null) { }

    /// <summary>Creates the exception with a default message.</summary>
    public RedisSerializationException() : this("A value could not be serialized for Redis.") { }
}
