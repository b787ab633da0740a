using System.Globalization;
using Strata.Providers;

namespace Strata;

/// <summary>Builds <see cref="DatabaseOptions"/> from environment variables (see <see cref="DatabaseOptions.FromEnvironment"/>).</summary>
internal static class DatabaseEnvironment
{
    public static DatabaseOptions Read(Func<string, string?> getVariable)
    {
        string? Get(string name) => getVariable(name) is { } v && v.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        var options = new DatabaseOptions();
        if (Get("DATABASE_URL") is { } url)
        {
            options.Url = url;
        }
        else
        {
            var type = Get("DATABASE_TYPE")?.ToLowerInvariant();
            options.Url = type switch
            {
                null or "sqlite" => SqliteUrl(options, type, Get("DATABASE_FILE")),
                "postgres" or "postgresql" => ServerUrl("postgres", "POSTGRES", 5432, Get),
                "mysql" or "mariadb" => ServerUrl(type, "MYSQL", 3306, Get),
                _ => throw new DatabaseConfigurationException($"DATABASE_TYPE '{type}' is not valid: use sqlite (the default), postgres or mysql."),
            };
        }
        if (Get("DB_POOL_MIN") is { } min) options.MinPoolSize = DatabaseUrl.ParseCount("DB_POOL_MIN", min, 0);
        if (Get("DB_POOL_MAX") is { } max) options.MaxPoolSize = DatabaseUrl.ParseCount("DB_POOL_MAX", max, 1);
        if (Get("DB_IDLE_TIMEOUT") is { } idle) options.IdleTimeout = DatabaseUrl.ParseDuration("DB_IDLE_TIMEOUT", idle, DatabaseUrl.DurationUnit.Milliseconds);
        return options;
    }

    private static string SqliteUrl(DatabaseOptions options, string? type, string? file)
    {
        options.SqliteFileOrigin = (type, file) switch
        {
            (null, null) => "neither DATABASE_URL nor DATABASE_TYPE is set, so Strata uses SQLite and DATABASE_FILE's default, app.db",
            (null, _) => "DATABASE_TYPE is not set, so Strata uses SQLite with DATABASE_FILE",
            (_, null) => "DATABASE_TYPE is sqlite and DATABASE_FILE is not set, so Strata uses its default, app.db",
            _ => "DATABASE_TYPE is sqlite, with DATABASE_FILE",
        };
        return "sqlite:" + (file ?? "app.db");
    }

    private static string ServerUrl(string scheme, string prefix, int defaultPort, Func<string, string?> get)
    {
        var host = get(prefix + "_HOST") ?? "localhost";
        var port = get(prefix + "_PORT") is { } text
            ? DatabaseUrl.ParseEnvironmentPort(prefix + "_PORT", text)
            : defaultPort;
        var db = get(prefix + "_DB") ?? get(prefix + "_DATABASE")
            ?? throw new DatabaseConfigurationException(
                $"DATABASE_TYPE is {scheme} but {prefix}_DB is not set: set it to the name of the database to use (or set DATABASE_URL instead).");
        var user = get(prefix + "_USER");
        var password = get(prefix + "_PASSWORD");
        var userInfo = user is null ? "" : Uri.EscapeDataString(user) + (password is null ? "" : ":" + Uri.EscapeDataString(password)) + "@";
        var ssl = get(prefix + "_SSL")?.ToLowerInvariant() switch
        {
            null => "",
            "true" or "1" or "yes" or "require" => "?sslmode=require",
            "false" or "0" or "no" or "disable" => "?sslmode=disable",
            { } other => "?sslmode=" + DatabaseUrl.ParseSslMode(other),
        };
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return $"{scheme}://{userInfo}{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(db)}{ssl}";
    }
}
