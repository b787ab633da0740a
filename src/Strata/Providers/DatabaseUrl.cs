using System.Globalization;

namespace Strata.Providers;

/// <summary>
/// Parses database URLs: <c>sqlite:path/to/app.db</c>, <c>sqlite::memory:</c>,
/// <c>postgres://user:password@host:5432/db?sslmode=require</c> (also <c>postgresql://</c>,
/// <c>cockroachdb://</c>), <c>mysql://…</c> and <c>mariadb://…</c>.
/// </summary>
/// <remarks>
/// Query options: <c>sslmode</c>, <c>pool_min</c>, <c>pool_max</c>, <c>idle_timeout</c>,
/// <c>connection_lifetime</c>, <c>connect_timeout</c>, <c>command_timeout</c> (seconds, or with a unit: <c>250ms</c>, <c>30s</c>,
/// <c>5m</c>, <c>1h</c>),
/// <c>application_name</c>, <c>replicas</c> (read replicas: comma-separated <c>host:port</c> entries or percent-encoded
/// URLs; see <see cref="DatabaseOptions.Replicas"/>), for servers <c>connection_reset</c> (<c>true</c> or <c>false</c>; see
/// <see cref="ConnectionSettings.ConnectionReset"/>), and for MySQL/MariaDB <c>allow_load_local_infile</c> (<c>true</c> or <c>false</c>; see
/// <see cref="ConnectionSettings.AllowLoadLocalInfile"/>) and <c>server_prepare</c> (<c>auto</c> or <c>off</c>; see
/// <see cref="ConnectionSettings.ServerPrepare"/>). An unknown option, or one given twice (also under two of its
/// names, such as <c>pool_max</c> and <c>max_pool_size</c>), is an error rather than being silently ignored or overridden.
/// An unknown scheme is refused here too, unless a provider was registered for it. User name and password are percent-decoded.
/// </remarks>
public static class DatabaseUrl
{
    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    /// <summary>Parses <paramref name="url"/> into settings.</summary>
    /// <param name="url">The database URL.</param>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed; the message names the part (never the password).</exception>
    public static ConnectionSettings Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
            throw new DatabaseConfigurationException("The database URL is empty. Give a URL such as 'sqlite:app.db' or 'postgres://user:password@localhost:5432/app'.");
        url = url.Trim();
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new DatabaseConfigurationException($"'{ConnectionStringRedactor.Redact(url)}' has no scheme. Start the URL with 'sqlite:', 'postgres://', 'mysql://', 'mariadb://' or 'cockroachdb://'.");
        var scheme = url[..colon].ToLowerInvariant();
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
                throw new DatabaseConfigurationException($"The scheme of '{ConnectionStringRedactor.Redact(url)}' is malformed. Start the URL with 'sqlite:', 'postgres://', 'mysql://' or 'mariadb://'.");
        }
        if (!DatabaseProviders.IsKnownScheme(scheme))
            throw new DatabaseConfigurationException(
                $"Unknown database scheme '{scheme}' in '{ConnectionStringRedactor.Redact(url)}'. Start the URL with 'sqlite:', 'postgres://' " +
                "(or 'postgresql://'), 'cockroachdb://', 'mysql://' or 'mariadb://', or register a provider for the scheme with DatabaseProviders.Register.");
        return scheme == "sqlite" ? ParseSqlite(url[(colon + 1)..]) : ParseServer(scheme, url);
    }

    private static ConnectionSettings ParseSqlite(string rest)
    {
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        if (rest.StartsWith("//", StringComparison.Ordinal)) rest = rest[2..];
        if (rest.Length == 0)
            throw new DatabaseConfigurationException("The SQLite URL has no file path. Write 'sqlite:path/to/app.db' or 'sqlite::memory:'.");
        var settings = new ConnectionSettings { Scheme = "sqlite", FilePath = rest == ":memory:" ? ":memory:" : Uri.UnescapeDataString(rest) };
        return ApplyQuery(settings, query, "sqlite");
    }

    private static ConnectionSettings ParseServer(string scheme, string url)
    {
        var redacted = ConnectionStringRedactor.Redact(url);
        if (!url.AsSpan(scheme.Length).StartsWith("://", StringComparison.Ordinal))
            throw new DatabaseConfigurationException(
                $"'{redacted}' is malformed: a server URL starts with its scheme and '://' (e.g. 'postgres://host/db'), but '{scheme}:' is not followed by '//'.");
        var rest = url[(scheme.Length + 3)..];
        string? user = null, password = null;
        // The user info ends at the last '@', so a password with an unencoded '/', '?' or '@' is never
        // mistaken for the host or path (and never shows up in an error about them).
        var at = rest.LastIndexOf('@');
        string? userInfo = null;
        if (at >= 0) { userInfo = rest[..at]; rest = rest[(at + 1)..]; }
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : "";
        if (userInfo is not null)
        {
            var split = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Decode(split >= 0 ? userInfo[..split] : userInfo, "user name", redacted);
            password = split >= 0 ? Decode(userInfo[(split + 1)..], "password", redacted) : null;
            if (user.Length == 0) user = null;
        }
        string host;
        int? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new DatabaseConfigurationException($"The host of '{redacted}' opens an IPv6 address with '[' but never closes it with ']'.");
            host = authority[1..close];
            authority = authority[(close + 1)..];
            if (authority.StartsWith(':')) port = ParsePort(authority[1..], redacted);
            else if (authority.Length > 0) throw new DatabaseConfigurationException($"'{redacted}' has unexpected text after the IPv6 host.");
        }
        else
        {
            var portColon = authority.LastIndexOf(':');
            host = portColon >= 0 ? authority[..portColon] : authority;
            if (portColon >= 0) port = ParsePort(authority[(portColon + 1)..], redacted);
        }
        if (host.Length == 0)
            throw new DatabaseConfigurationException($"'{redacted}' has no host. Write {scheme}://user:password@host:port/database.");
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':'))
                throw new DatabaseConfigurationException($"The host '{host}' in '{redacted}' has the invalid character '{c}'. If the password contains '@', ':' or '/', percent-encode it (e.g. '@' as %40).");
        }
        var database = path.Length == 0 ? null : Decode(path.TrimEnd('/'), "database name", redacted);
        if (database is not null && database.Contains('/', StringComparison.Ordinal))
            throw new DatabaseConfigurationException($"The database name in '{redacted}' contains '/'. Only one path segment (the database name) is allowed.");
        var settings = new ConnectionSettings
        {
            Scheme = scheme, Host = host, Port = port, Database = database, Username = user, Password = password,
        };
        return ApplyQuery(settings, query, scheme);
    }

    private static int ParsePort(string text, string redacted)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new DatabaseConfigurationException($"The port '{text}' in '{redacted}' is not a number between 1 and 65535.");
        return port;
    }

    private static string Decode(string text, string what, string redacted)
    {
        try { return Uri.UnescapeDataString(text); }
        catch (UriFormatException e) { throw new DatabaseConfigurationException($"The {what} in '{redacted}' has invalid percent-encoding.", e); }
    }

    private static ConnectionSettings ApplyQuery(ConnectionSettings settings, string query, string scheme)
    {
        if (query.Length == 0) return settings;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair).Trim().ToLowerInvariant().Replace('-', '_');
            var rawValue = eq >= 0 ? pair[(eq + 1)..] : "";
            var value = Uri.UnescapeDataString(rawValue).Trim();
            var option = OptionName(key) ?? throw new DatabaseConfigurationException(
                $"Unknown option '{key}' in the {scheme} URL. Known options: sslmode, pool_min, pool_max, idle_timeout, connection_lifetime, connect_timeout, command_timeout, application_name, replicas, connection_reset (servers), allow_load_local_infile and server_prepare (mysql, mariadb).");
            if (!seen.TryAdd(option, key))
                throw new DatabaseConfigurationException(seen[option] == key
                    ? $"The option '{key}' is given twice in the {scheme} URL. Keep one of them."
                    : $"The option '{option}' is given twice in the {scheme} URL, as '{seen[option]}' and as '{key}'. Keep one of them.");
            settings = option switch
            {
                "sslmode" => settings with { SslMode = ParseSslMode(value) },
                "pool_min" => settings with { MinPoolSize = ParseCount(key, value, 0) },
                "pool_max" => settings with { MaxPoolSize = ParseCount(key, value, 1) },
                "idle_timeout" => settings with { IdleTimeout = ParseDuration(key, value, DurationUnit.Seconds) },
                "connection_lifetime" => settings with { ConnectionLifetime = ParseDuration(key, value, DurationUnit.Seconds) },
                "connect_timeout" => settings with { ConnectTimeout = ParseDuration(key, value, DurationUnit.Seconds) },
                "command_timeout" => settings with { CommandTimeout = ParseDuration(key, value, DurationUnit.Seconds) },
                "application_name" => settings with { ApplicationName = value },
                "allow_load_local_infile" => settings with { AllowLoadLocalInfile = ParseMySqlSwitch(scheme, key, value) },
                "server_prepare" => settings with { ServerPrepare = ParseServerPrepare(scheme, value) },
                "connection_reset" => settings with { ConnectionReset = ParseConnectionReset(scheme, value) },
                _ => settings with { Replicas = ParseReplicas(settings, scheme, rawValue) },
            };
        }
        if (settings.MinPoolSize > settings.MaxPoolSize)
            throw new DatabaseConfigurationException($"pool_min ({settings.MinPoolSize}) is larger than pool_max ({settings.MaxPoolSize}).");
        return settings;
    }

    /// <summary>The option a query key (or one of its aliases) names, or null for an unknown key.</summary>
    private static string? OptionName(string key) => key switch
    {
        "sslmode" or "ssl_mode" => "sslmode",
        "pool_min" or "min_pool_size" => "pool_min",
        "pool_max" or "max_pool_size" => "pool_max",
        "idle_timeout" => "idle_timeout",
        "connection_lifetime" => "connection_lifetime",
        "connect_timeout" or "timeout" => "connect_timeout",
        "command_timeout" => "command_timeout",
        "application_name" or "app_name" => "application_name",
        "allow_load_local_infile" => "allow_load_local_infile",
        "server_prepare" => "server_prepare",
        "connection_reset" => "connection_reset",
        "replicas" => "replicas",
        _ => null,
    };

    /// <summary>
    /// Splits the raw (still percent-encoded) <c>replicas</c> value at its commas before decoding each entry, so that a
    /// replica URL keeps any comma it encodes.
    /// </summary>
    private static string[] ParseReplicas(ConnectionSettings settings, string scheme, string rawValue)
    {
        if (settings.FilePath is not null)
            throw new DatabaseConfigurationException($"The {scheme} URL cannot take replicas: an embedded database file has no read replicas. Remove the option.");
        var entries = rawValue.Split(',');
        var replicas = new string[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            replicas[i] = Uri.UnescapeDataString(entries[i]).Trim();
            if (replicas[i].Length == 0)
                throw new DatabaseConfigurationException(
                    "The replicas option has an empty entry. Give host:port entries or percent-encoded URLs separated by commas, e.g. replicas=replica1:5432,replica2:5432.");
        }
        return replicas;
    }

    /// <summary>A MySQL/MariaDB option that is <c>true</c> or <c>false</c>.</summary>
    private static bool ParseMySqlSwitch(string scheme, string key, string value)
    {
        CheckMySql(scheme, key);
        return ParseSwitch(key, value);
    }

    private static bool ParseSwitch(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new DatabaseConfigurationException($"{key} '{value}' is not valid: give true or false."),
    };

    /// <summary><c>connection_reset</c>, which every server's pool understands, but not an embedded database file.</summary>
    private static bool ParseConnectionReset(string scheme, string value)
    {
        if (scheme == "sqlite")
            throw new DatabaseConfigurationException($"connection_reset is an option of database servers (postgres, mysql, mariadb); the {scheme} URL cannot take it. Remove it.");
        return ParseSwitch("connection_reset", value);
    }

    private static bool ParseServerPrepare(string scheme, string value)
    {
        CheckMySql(scheme, "server_prepare");
        return value.ToLowerInvariant() switch
        {
            "auto" => true,
            "off" => false,
            _ => throw new DatabaseConfigurationException(
                $"server_prepare '{value}' is not valid: give auto (repeated statements are prepared on the server) or off (nothing is prepared on the server, for proxies that do not support prepared statements); without the option only PrepareAsync prepares."),
        };
    }

    private static void CheckMySql(string scheme, string key)
    {
        if (scheme is not ("mysql" or "mariadb"))
            throw new DatabaseConfigurationException($"{key} is a MySQL/MariaDB option; the {scheme} URL cannot take it. Remove it.");
    }

    internal static string ParseSslMode(string value)
    {
        var mode = value.ToLowerInvariant();
        return SslModes.Contains(mode) ? mode
            : throw new DatabaseConfigurationException($"sslmode '{value}' is not valid. Use one of: {string.Join(", ", SslModes)}.");
    }

    internal static int ParseCount(string key, string value, int min)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < min || count > 10_000)
            throw new DatabaseConfigurationException($"{key} '{value}' is not valid: give a whole number from {min} to 10000.");
        return count;
    }

    internal static int ParseEnvironmentPort(string key, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new DatabaseConfigurationException($"{key} '{value}' is not valid: give a port number from 1 to 65535.");
        return port;
    }

    /// <summary>
    /// Parses a duration from zero to one day: a number in <paramref name="plainUnit"/>, or a number with a unit
    /// (<c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>).
    /// </summary>
    internal static TimeSpan ParseDuration(string key, string value, DurationUnit plainUnit)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], DurationUnit.Milliseconds),
            _ when text.EndsWith('s') => (text[..^1], DurationUnit.Seconds),
            _ when text.EndsWith('m') => (text[..^1], DurationUnit.Minutes),
            _ when text.EndsWith('h') => (text[..^1], DurationUnit.Hours),
            _ => (text, plainUnit),
        };
        var plain = plainUnit == DurationUnit.Milliseconds ? "milliseconds" : "seconds";
        var limit = plainUnit == DurationUnit.Milliseconds ? "86400000" : "86400";
        if (!double.TryParse(number.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            throw new DatabaseConfigurationException(
                $"{key} '{value}' is not valid: give a number of {plain} from 0 to {limit}, or a number with a unit (250ms, 30s, 5m, 1h).");
        var duration = unit switch
        {
            DurationUnit.Milliseconds => TimeSpan.FromMilliseconds(amount),
            DurationUnit.Seconds => TimeSpan.FromSeconds(amount),
            DurationUnit.Minutes => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
        if (duration > TimeSpan.FromDays(1))
            throw new DatabaseConfigurationException($"{key} '{value}' is too long: give at most one day (86400 s).");
        return duration;
    }

    /// <summary>The unit of a duration written as a plain number.</summary>
    internal enum DurationUnit
    {
        Milliseconds,
        Seconds,
        Minutes,
        Hours,
    }
}
