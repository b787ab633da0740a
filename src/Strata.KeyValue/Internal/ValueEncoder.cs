using System.Buffers;

namespace Strata.KeyValue.Internal;

/// <summary>Builds stored values (Strata's header, then the bytes) for typed values, in a buffer reused by each thread.</summary>
internal static class ValueEncoder
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_cached;

    /// <summary>A buffer holding the header for <paramref name="expiresAt"/> followed by <paramref name="value"/> serialized; give it back with <see cref="Return"/>.</summary>
    public static ArrayBufferWriter<byte> Serialize<T>(IKeyValueSerializer serializer, T value, long? expiresAt)
    {
        var writer = t_cached ?? new ArrayBufferWriter<byte>(256);
        t_cached = null;
        var header = ValueFormat.HeaderLength(expiresAt);
        ValueFormat.WriteHeader(writer.GetSpan(header), expiresAt);
        writer.Advance(header);
        serializer.Serialize(value, writer);
        return writer;
    }

    public static void Return(ArrayBufferWriter<byte> writer)
    {
        // Keep small buffers only, so one large value does not pin its memory to the thread.
        if (writer.Capacity > 64 * 1024) return;
        writer.ResetWrittenCount();
        t_cached = writer;
    }
}
