using Strata.Providers;

namespace Strata.Replicas;

/// <summary>
/// Turns the replica entries of <see cref="ConnectionSettings.Replicas"/> into settings a provider can build a driver
/// from: a URL or <c>host:port</c> entry is the primary's settings with what the entry states replaced; a native
/// connection string stands on its own.
/// </summary>
/// <remarks>Stateless and thread-safe. Every message shows an entry with its password hidden.</remarks>
internal static class ReplicaSettings
{
    /// <summary>Resolves each of <paramref name="primary"/>'s replicas, then lets <paramref name="overrides"/> (the options' own values) win.</summary>
    /// <exception cref="DatabaseConfigurationException">An entry is malformed, is another kind of database than the primary, or the primary cannot have replicas.</exception>
    public static IReadOnlyList<ConnectionSettings> Resolve(ConnectionSettings primary, Func<ConnectionSettings, ConnectionSettings> overrides)
    {
        if (primary.Replicas.Count == 0) return [];
        if (primary.FilePath is not null)
            throw new DatabaseConfigurationException(
                $"{primary.Scheme} databases are embedded files and have no read replicas: remove DatabaseOptions.Replicas (or the URL's replicas option).");
        var provider = DatabaseProviders.Find(primary.Scheme);
        var resolved = new ConnectionSettings[primary.Replicas.Count];
        for (var i = 0; i < resolved.Length; i++)
        {
            var replica = overrides(Resolve(primary, primary.Replicas[i]));
            if (!ReferenceEquals(DatabaseProviders.Find(replica.Scheme), provider))
                throw new DatabaseConfigurationException(
                    $"The replica '{Describe(replica)}' is a {replica.Scheme} database, but the primary is {primary.Scheme}. A replica must be a copy of the primary's database.");
            resolved[i] = replica;
        }
        return resolved;
    }

    private static ConnectionSettings Resolve(ConnectionSettings primary, string entry)
    {
        entry = entry?.Trim() ?? "";
        if (entry.Length == 0)
            throw new DatabaseConfigurationException("A replica entry is empty. Give each replica as a URL, a host:port, or a connection string.");
        if (entry.Contains("://", StringComparison.Ordinal)) return Inherit(primary, FromUrl(entry));
        // Connection strings are key=value pairs; a host:port never holds '='.
        if (entry.Contains('=', StringComparison.Ordinal)) return new ConnectionSettings { Scheme = primary.Scheme, ConnectionString = entry };
        return Inherit(primary, FromHostAndPort(primary.Scheme, entry));
    }

    private static ConnectionSettings FromUrl(string entry)
    {
        ConnectionSettings stated;
        try
        {
            stated = DatabaseUrl.Parse(entry);
        }
        catch (DatabaseConfigurationException e)
        {
            throw new DatabaseConfigurationException($"The replica URL is not valid: {e.Message}", e);
        }
        if (stated.Replicas.Count > 0)
            throw new DatabaseConfigurationException(
                $"The replica '{ConnectionStringRedactor.Redact(entry)}' has a replicas option of its own; replicas cannot have replicas. Remove it.");
        if (stated.FilePath is not null)
            throw new DatabaseConfigurationException($"The replica '{ConnectionStringRedactor.Redact(entry)}' is an embedded database file; a replica must be a server.");
        return stated;
    }

    private static ConnectionSettings FromHostAndPort(string scheme, string entry)
    {
        if (entry.IndexOfAny(['/', '@', '?', '&', ' ']) >= 0)
            throw new DatabaseConfigurationException(
                $"The replica '{ConnectionStringRedactor.Redact(entry)}' is neither a URL nor a host:port. Write it as host:port (e.g. 'replica1:5432'), " +
                "or as a whole URL (percent-encoded inside a replicas= option, e.g. with Uri.EscapeDataString).");
        try
        {
            var parsed = DatabaseUrl.Parse($"{scheme}://{entry}");
            return new ConnectionSettings { Scheme = scheme, Host = parsed.Host, Port = parsed.Port };
        }
        catch (DatabaseConfigurationException e)
        {
            throw new DatabaseConfigurationException($"The replica '{entry}' is not a valid host:port: {e.Message}", e);
        }
    }

    /// <summary>The primary's settings with what the replica states replaced.</summary>
    private static ConnectionSettings Inherit(ConnectionSettings primary, ConnectionSettings stated)
    {
        // A replica that names another user has its own password; sending the primary's would be a guess at best.
        var sameUser = stated.Username is null || string.Equals(stated.Username, primary.Username, StringComparison.Ordinal);
        return new ConnectionSettings
        {
            Scheme = stated.Scheme,
            // Fields override a connection string, so a primary given as one lends the replica everything the fields do not replace.
            ConnectionString = primary.ConnectionString,
            Host = stated.Host,
            Port = stated.Port ?? primary.Port,
            Database = stated.Database ?? primary.Database,
            Username = stated.Username ?? primary.Username,
            Password = stated.Password ?? (sameUser ? primary.Password : null),
            SslMode = stated.SslMode ?? primary.SslMode,
            ApplicationName = stated.ApplicationName ?? primary.ApplicationName,
            MinPoolSize = stated.MinPoolSize ?? primary.MinPoolSize,
            MaxPoolSize = stated.MaxPoolSize ?? primary.MaxPoolSize,
            IdleTimeout = stated.IdleTimeout ?? primary.IdleTimeout,
            ConnectionLifetime = stated.ConnectionLifetime ?? primary.ConnectionLifetime,
            ConnectTimeout = stated.ConnectTimeout ?? primary.ConnectTimeout,
            CommandTimeout = stated.CommandTimeout ?? primary.CommandTimeout,
            AllowLoadLocalInfile = stated.AllowLoadLocalInfile ?? primary.AllowLoadLocalInfile,
            ServerPrepare = stated.ServerPrepare ?? primary.ServerPrepare,
            ConnectionReset = stated.ConnectionReset ?? primary.ConnectionReset,
        };
    }

    /// <summary>How a replica is shown in status reports and logs: where it is, never its password.</summary>
    public static string Describe(ConnectionSettings replica) =>
        replica.Host is not null ? (replica with { ConnectionString = null }).ToString() : replica.ToString();
}
