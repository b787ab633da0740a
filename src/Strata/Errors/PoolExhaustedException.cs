using System.Globalization;

namespace Strata;

/// <summary>
/// Every connection of the pool stayed in use for as long as a caller may wait for one (<c>pool_max</c> connections,
/// <c>connect_timeout</c>): the application asked for more connections at once than the pool holds. The database itself
/// may be fine, so this never counts as a connection failure: the circuit breaker does not count it and the pool is not
/// cleared. Transient: the same work may find a free connection later.
/// </summary>
/// <remarks>Raise <see cref="DatabaseOptions.MaxPoolSize"/> or <see cref="DatabaseOptions.ConnectTimeout"/>, run fewer commands at once, or hold connections for less time.</remarks>
public sealed class PoolExhaustedException : DatabaseTimeoutException
{
    /// <summary>Creates the exception with a message naming the pool's size and wait.</summary>
    /// <param name="details">The dialect and what the driver reported; <see cref="DatabaseErrorDetails.IsTransient"/> is ignored (always true).</param>
    /// <param name="maxPoolSize">How many connections the pool holds, when known.</param>
    /// <param name="timeout">How long the caller waited for one, when known.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public PoolExhaustedException(DatabaseErrorDetails details, int? maxPoolSize, TimeSpan? timeout, Exception? innerException)
        : base(Describe(maxPoolSize, timeout), (details ?? new DatabaseErrorDetails("unknown")) with { IsTransient = true }, innerException)
    {
        MaxPoolSize = maxPoolSize;
        Timeout = timeout;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public PoolExhaustedException(string message) : base(message, new DatabaseErrorDetails("unknown", IsTransient: true), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PoolExhaustedException(string message, Exception? innerException) : base(message, new DatabaseErrorDetails("unknown", IsTransient: true), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public PoolExhaustedException() : this(new DatabaseErrorDetails("unknown"), null, null, null) { }

    /// <summary>How many connections the pool holds (<c>pool_max</c>), when known.</summary>
    public int? MaxPoolSize { get; }

    /// <summary>How long the caller waited for a free connection (<c>connect_timeout</c>), when known.</summary>
    public TimeSpan? Timeout { get; }

    private static string Describe(int? maxPoolSize, TimeSpan? timeout)
    {
        var size = maxPoolSize is { } max ? string.Create(CultureInfo.InvariantCulture, $"all {max} connections") : "every connection";
        var wait = timeout is { } t ? string.Create(CultureInfo.InvariantCulture, $" ({t.TotalSeconds:0.###} s, connect_timeout)") : "";
        return $"The connection pool is exhausted: {size} of the pool (pool_max) stayed in use for the whole wait{wait}. " +
            "The database may be fine: raise pool_max or connect_timeout, run fewer commands at once, or hold connections for less time.";
    }
}
