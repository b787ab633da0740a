namespace Strata.Redis;

/// <summary>A Lua script failed on the server (an error raised by the script, a wrong argument, a key outside its declared keys). Not transient.</summary>
public sealed class RedisScriptException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which script failed, where, and the server's error.</param>
    /// <param name="innerException">StackExchange.Redis's exception.</param>
    public RedisScriptException(string message, Exception? innerException)
        : base(message, new DatabaseErrorDetails(RedisErrors.Dialect), innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RedisScriptException(string message) : this(message, null) { }

    /// <summary>Creates the exception with a default message.</summary>
    public RedisScriptException() : this("A Redis script failed.") { }
}
