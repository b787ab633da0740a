using System.Text;

namespace Strata.KeyValue.Tests.Infrastructure;

public static class Bytes
{
    /// <summary>UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The bytes read as UTF-8, or null.</summary>
    public static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
