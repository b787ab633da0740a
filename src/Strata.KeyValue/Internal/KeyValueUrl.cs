using System.Globalization;
using System.Text;

namespace Strata.KeyValue.Internal;

/// <summary>Reads and writes <c>rocksdb:</c> URLs (see <see cref="KeyValueOptions.Parse"/>).</summary>
internal static class KeyValueUrl
{
    private static readonly string[] Known = ["sync", "syncInterval", "createIfMissing", "blockCacheSize", "writeBufferSize", "disposeTimeout"];

    public static KeyValueOptions Parse(string url, KeyValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (!text.StartsWith(KeyValueOptions.Scheme + ":", StringComparison.OrdinalIgnoreCase))
            throw new DatabaseConfigurationException($"'{url}' is not a key-value store URL: it must start with 'rocksdb:' followed by the directory, e.g. 'rocksdb:data/kv'.");
        var rest = text[(KeyValueOptions.Scheme.Length + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var pathPart = query < 0 ? rest : rest[..query];
        if (pathPart.StartsWith("//", StringComparison.Ordinal))
        {
            // rocksdb:///var/kv is the absolute path /var/kv; anything between the slashes would be a host.
            var afterSlashes = pathPart[2..];
            if (!afterSlashes.StartsWith('/'))
                throw new DatabaseConfigurationException($"'{url}' names a host ('{afterSlashes.Split('/')[0]}'), but a RocksDB store is a local directory: write 'rocksdb:relative/dir', 'rocksdb:/absolute/dir' or 'rocksdb:///absolute/dir'.");
            pathPart = afterSlashes;
        }
        var path = Uri.UnescapeDataString(pathPart);
        if (string.IsNullOrWhiteSpace(path))
            throw new DatabaseConfigurationException($"'{url}' names no directory: write 'rocksdb:' followed by it, e.g. 'rocksdb:data/kv'.");
        options = options with { Path = path };
        if (query < 0) return options;
        foreach (var pair in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).Trim();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]).Trim();
            var known = Array.Find(Known, k => k.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? throw new DatabaseConfigurationException($"'{key}' is not a key-value store option; the options are {string.Join(", ", Known)}.");
            options = known switch
            {
                "sync" => options with { Sync = ParseBool(known, value) },
                "syncInterval" => options with { SyncInterval = ParseDuration(known, value) },
                "createIfMissing" => options with { CreateIfMissing = ParseBool(known, value) },
                "blockCacheSize" => options with { BlockCacheSize = ParseSize(known, value) },
                "writeBufferSize" => options with { WriteBufferSize = ParseSize(known, value) },
                _ => options with { DisposeTimeout = ParseDuration(known, value) },
            };
        }
        return options;
    }

    public static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new DatabaseConfigurationException($"{key} ('{value}') must be true or false."),
    };

    /// <summary>A duration: milliseconds, or a number with <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c>.</summary>
    public static TimeSpan ParseDuration(string key, string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ when text.EndsWith('h') => (text[..^1], 3_600_000.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount * scale > TimeSpan.FromDays(1).TotalMilliseconds)
            throw new DatabaseConfigurationException($"{key} ('{value}') must be a duration up to a day: milliseconds, or a number with a unit (250ms, 1s, 5m, 1h).");
        return TimeSpan.FromMilliseconds(amount * scale);
    }

    /// <summary>A size: bytes, or a number with <c>KB</c>, <c>MB</c> or <c>GB</c> (powers of 1024).</summary>
    public static long ParseSize(string key, string value)
    {
        var text = value.Trim().ToUpperInvariant();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("KB", StringComparison.Ordinal) => (text[..^2], 1L << 10),
            _ when text.EndsWith("MB", StringComparison.Ordinal) => (text[..^2], 1L << 20),
            _ when text.EndsWith("GB", StringComparison.Ordinal) => (text[..^2], 1L << 30),
            _ when text.EndsWith('B') => (text[..^1], 1L),
            _ => (text, 1L),
        };
        if (!long.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > long.MaxValue / scale)
            throw new DatabaseConfigurationException($"{key} ('{value}') must be a size: bytes, or a whole number with KB, MB or GB (64MB).");
        return amount * scale;
    }

    public static string Format(KeyValueOptions options)
    {
        var builder = new StringBuilder(KeyValueOptions.Scheme).Append(':').Append(options.Path);
        var separator = '?';
        void Add(string key, string value)
        {
            builder.Append(separator).Append(key).Append('=').Append(value);
            separator = '&';
        }
        Add("sync", options.Sync ? "true" : "false");
        if (options.SyncInterval is { } interval) Add("syncInterval", ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms");
        if (!options.CreateIfMissing) Add("createIfMissing", "false");
        if (options.BlockCacheSize is { } cache) Add("blockCacheSize", cache.ToString(CultureInfo.InvariantCulture));
        if (options.WriteBufferSize is { } buffer) Add("writeBufferSize", buffer.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
