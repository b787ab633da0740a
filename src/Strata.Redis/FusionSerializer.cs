using ZiggyCreatures.Caching.Fusion.Serialization;

namespace Strata.Redis;

/// <summary>The store's <see cref="IRedisSerializer"/> in the shape FusionCache asks for.</summary>
internal sealed class FusionSerializer(IRedisSerializer serializer) : IFusionCacheSerializer
{
    public byte[] Serialize<T>(T? obj) => serializer.Serialize(obj);

    public T? Deserialize<T>(byte[] data) => serializer.Deserialize<T>(data);

    public ValueTask<byte[]> SerializeAsync<T>(T? obj, CancellationToken token = default) => new(serializer.Serialize(obj));

    public ValueTask<T?> DeserializeAsync<T>(byte[] data, CancellationToken token = default) => new(serializer.Deserialize<T>(data));
}
