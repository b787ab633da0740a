namespace Strata.Redis;

/// <summary>
/// A Redis Cluster answered with a redirect the client could not follow (<c>MOVED</c>/<c>ASK</c> to a node it cannot reach,
/// <c>CLUSTERDOWN</c>, or <c>CROSSSLOT</c>: keys of one command in different slots). Transient except for <c>CROSSSLOT</c>.
/// </summary>
public sealed class RedisRedirectException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the cluster answered and where.</param>
    /// <param name="transient">True when trying again later may work.</param>
    /// <param name="innerException">StackExchange.Redis's exception.</param>
    public RedisRedirectException(string message, bool transient, Exception? innerException)
        : base(message, new DatabaseErrorDetails(RedisErrors.Dialect, IsTransient: transient), innerException) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RedisRedirectException(string message) : this(message, false, null) { }

    /// <summary>Creates the exception with a default message.</summary>
    public RedisRedirectException() : this("A Redis Cluster redirect could not be followed.") { }
}
