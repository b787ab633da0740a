using System.Data.Common;

namespace Strata.Providers;

/// <summary>Hides passwords in connection strings and URLs before they are shown anywhere.</summary>
public static class ConnectionStringRedactor
{
    private static readonly string[] SecretKeys = ["password", "pwd", "passwd", "pass"];

    /// <summary>Returns <paramref name="connectionString"/> with every password value replaced by <c>***</c>.</summary>
    /// <param name="connectionString">An ADO.NET connection string or a URL.</param>
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) return string.Empty;
        if (connectionString.Contains("://", StringComparison.Ordinal)) return RedactUrl(connectionString);
        // A SQLite URL names a file and holds no password.
        if (connectionString.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return connectionString;
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in builder.Keys.Cast<string>().ToList())
            {
                if (SecretKeys.Contains(key.Trim().ToLowerInvariant())) builder[key] = "***";
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string hidden)";
        }
    }

    private static string RedactUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        // The user info ends at the last '@', as the URL parser reads it; the query starts after it.
        var at = url.LastIndexOf('@');
        var q = url.IndexOf('?', Math.Max(at, schemeEnd));
        var head = q < 0 ? url : url[..q];
        if (at >= schemeEnd)
        {
            var colon = head.IndexOf(':', schemeEnd);
            if (colon >= 0 && colon < at) head = head[..(colon + 1)] + "***" + head[at..];
        }
        return q < 0 ? head : head + "?" + RedactReplicaOption(url[(q + 1)..]);
    }

    /// <summary>Replica URLs in a <c>replicas=</c> option are percent-encoded, so their passwords would pass the plain check above.</summary>
    private static string RedactReplicaOption(string query)
    {
        var pairs = query.Split('&');
        for (var i = 0; i < pairs.Length; i++)
        {
            var eq = pairs[i].IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !Uri.UnescapeDataString(pairs[i][..eq]).Trim().Equals("replicas", StringComparison.OrdinalIgnoreCase)) continue;
            var entries = pairs[i][(eq + 1)..].Split(',');
            for (var j = 0; j < entries.Length; j++)
            {
                var entry = Uri.UnescapeDataString(entries[j]);
                if (entry.Contains("://", StringComparison.Ordinal)) entries[j] = RedactUrl(entry);
                else if (entry.Contains('=', StringComparison.Ordinal)) entries[j] = Redact(entry);
            }
            pairs[i] = pairs[i][..(eq + 1)] + string.Join(',', entries);
        }
        return string.Join('&', pairs);
    }
}
