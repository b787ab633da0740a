using System.Globalization;

namespace Strata.Redis;

/// <summary>Parses <c>redis://</c> and <c>rediss://</c> URLs into <see cref="RedisOptions"/>; messages never show the password.</summary>
internal static class RedisUrl
{
    public static RedisOptions Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new DatabaseConfigurationException("The Redis URL is empty: give one such as redis://127.0.0.1:6379.");
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : url[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("redis" or "rediss"))
            throw new DatabaseConfigurationException($"A Redis URL starts with redis:// or rediss:// (TLS), not '{(schemeEnd < 0 ? Shown(url) : scheme + "://")}'.");
        var rest = url[(schemeEnd + 3)..];
        string? query = null;
        var q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var info = rest[..at];
            rest = rest[(at + 1)..];
            var colon = info.IndexOf(':');
            if (colon < 0) user = Uri.UnescapeDataString(info);
            else
            {
                user = colon == 0 ? null : Uri.UnescapeDataString(info[..colon]);
                password = Uri.UnescapeDataString(info[(colon + 1)..]);
            }
            if (user is { Length: 0 }) user = null;
        }
        var database = 0;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            var db = rest[(slash + 1)..];
            rest = rest[..slash];
            if (db.Length > 0 && (!int.TryParse(db, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database < 0))
                throw new DatabaseConfigurationException($"The Redis URL's database '/{db}' is not a number: write /0, /1, … or leave it out.");
        }
        var endpoints = new List<string>();
        foreach (var host in rest.Split(',', StringSplitOptions.TrimEntries))
        {
            if (host.Length == 0) throw new DatabaseConfigurationException($"The Redis URL {Redacted(url)} has an empty host: write host:port, separated by commas for a cluster.");
            var endpoint = host.Contains(':', StringComparison.Ordinal) ? host : host + ":6379";
            CheckEndpoint(endpoint);
            endpoints.Add(endpoint);
        }
        var options = new RedisOptions { Endpoints = endpoints, User = user, Password = password, Ssl = scheme == "rediss", Database = database };
        if (query is not null) options = ApplyQuery(options, query);
        options.Validate();
        return options;
    }

    private static RedisOptions ApplyQuery(RedisOptions options, string query)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (!seen.Add(key)) throw new DatabaseConfigurationException($"The Redis URL option '{key}' is given twice; give it once.");
            options = key switch
            {
                "prefix" => options with { KeyPrefix = value },
                "connect_timeout" => options with { ConnectTimeout = Duration(key, value) },
                "command_timeout" => options with { CommandTimeout = Duration(key, value) },
                "client_name" => options with { ClientName = value },
                _ => throw new DatabaseConfigurationException(
                    $"The Redis URL option '{key}' is unknown; the options are {string.Join(", ", RedisOptions.UrlOptions)}."),
            };
        }
        return options;
    }

    /// <summary>Seconds (<c>5</c>, <c>2.5</c>) or a number with <c>ms</c>, <c>s</c> or <c>m</c>.</summary>
    internal static TimeSpan Duration(string key, string value)
    {
        var text = value.Trim();
        var (number, scale) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1.0)
            : text.EndsWith('m') || text.EndsWith('M') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new DatabaseConfigurationException($"The Redis URL option {key}={value} is not a positive duration: write seconds (5) or 250ms, 5s, 1m.");
        return TimeSpan.FromSeconds(amount * scale);
    }

    public static void CheckEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon];
        var port = colon < 0 ? "" : endpoint[(colon + 1)..];
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '?'))
            throw new DatabaseConfigurationException($"The Redis endpoint '{endpoint}' has no usable host: write host:port, such as 127.0.0.1:6379.");
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw new DatabaseConfigurationException($"The Redis endpoint '{endpoint}' has no valid port (1–65535): write host:port, such as 127.0.0.1:6379.");
    }

    /// <summary>The URL with any password replaced by <c>***</c>.</summary>
    public static string Redacted(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) return url;
        var info = url[(schemeEnd + 3)..at];
        var colon = info.IndexOf(':');
        return colon < 0 ? url : url[..(schemeEnd + 3)] + info[..colon] + ":***" + url[at..];
    }

    /// <summary>The start of a text that is not a URL, cut before anything that could be a password.</summary>
    private static string Shown(string url)
    {
        var end = url.IndexOfAny([':', '@', '/']);
        var head = end < 0 ? url : url[..end];
        return head.Length > 20 ? head[..20] + "…" : head;
    }
}
