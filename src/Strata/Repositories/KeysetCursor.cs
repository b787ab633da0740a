using System.Security.Cryptography;
using System.Text.Json;
using Strata.Query;

namespace Strata;

/// <summary>
/// The opaque cursor of keyset pagination: the last row's order value and key, the order it was made for, and an HMAC
/// over all of it, so a cursor that was changed, cut or made for another order is refused rather than misread.
/// </summary>
internal static class KeysetCursor
{
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    public static string Encode(byte[]? key, string order, SortDirection direction, object? orderValue, object? keyValue)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(order, direction == SortDirection.Descending, orderValue, keyValue), StrataJsonContext.Default.Payload);
        var mac = HMACSHA256.HashData(key ?? ProcessKey, payload).AsSpan(0, 16);
        return Base64Url(payload) + "." + Base64Url(mac);
    }

    /// <exception cref="ArgumentException">The cursor is malformed, was changed, or belongs to another order.</exception>
    public static (object? OrderValue, object? KeyValue) Decode(byte[]? key, string cursor, string order, SortDirection direction, Type orderType, Type keyType)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        byte[] payload, mac;
        try
        {
            if (dot <= 0) throw new FormatException("no signature");
            payload = FromBase64Url(cursor[..dot]);
            mac = FromBase64Url(cursor[(dot + 1)..]);
        }
        catch (FormatException)
        {
            throw Refused("is malformed");
        }
        var expected = HMACSHA256.HashData(key ?? ProcessKey, payload).AsSpan(0, 16);
        if (mac.Length != 16 || !CryptographicOperations.FixedTimeEquals(expected, mac)) throw Refused("was changed or was not made by this application");
        Payload? read;
        try
        {
            read = JsonSerializer.Deserialize(payload, StrataJsonContext.Default.Payload);
        }
        catch (JsonException)
        {
            throw Refused("is malformed");
        }
        if (read is null || read.Order != order || read.Descending != (direction == SortDirection.Descending))
            throw Refused($"was made for another order ({read?.Order} {(read?.Descending == true ? "descending" : "ascending")}), not {order} {direction.ToString().ToLowerInvariant()}");
        return (Convert(read.OrderValue, orderType), Convert(read.KeyValue, keyType));
    }

    private static object? Convert(object? value, Type type) => value is JsonElement element ? element.Deserialize(StrataJsonContext.AnyType.GetTypeInfo(type)) : value;

    private static ArgumentException Refused(string why) =>
        new($"The pagination cursor {why}: pass the NextCursor of the previous page unchanged, or null for the first page.");

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException("bad length") };
        return System.Convert.FromBase64String(padded);
    }

    internal sealed record Payload(string Order, bool Descending, object? OrderValue, object? KeyValue);
}
