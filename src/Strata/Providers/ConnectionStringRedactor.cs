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
        var at = url.LastIndexOf('@');
        if (at < schemeEnd) return url;
        var colon = url.IndexOf(':', schemeEnd);
        return colon >= 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
