namespace Strata.Redis;

/// <summary>Turns values into bytes and back for the cache, sessions and pub/sub (<see cref="RedisOptions.Serializer"/>).</summary>
/// <remarks>Implementations must be thread-safe. A value they cannot handle should throw <see cref="RedisSerializationException"/> saying what to change.</remarks>
public interface IRedisSerializer
{
    /// <summary>The bytes of <paramref name="value"/>.</summary>
    /// <exception cref="RedisSerializationException">The value cannot be serialized.</exception>
    byte[] Serialize<T>(T value);

    /// <summary>The value <paramref name="data"/> holds.</summary>
    /// <exception cref="RedisSerializationException">The bytes are not a <typeparamref name="T"/>.</exception>
    T? Deserialize<T>(ReadOnlySpan<byte> data);
}
