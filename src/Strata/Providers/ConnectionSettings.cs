namespace Strata.Providers;

/// <summary>
/// Where and how to connect, resolved from a URL or connection string and the options. Handed to a
/// provider to build its driver's data source. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record ConnectionSettings
{
    /// <summary>The scheme as written (<c>postgres</c>, <c>cockroachdb</c>, <c>mariadb</c>, <c>sqlite</c>, …), lower case.</summary>
    public required string Scheme { get; init; }

    /// <summary>A native ADO.NET connection string given instead of a URL; the fields below then only override it.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Server host name.</summary>
    public string? Host { get; init; }

    /// <summary>Server port.</summary>
    public int? Port { get; init; }

    /// <summary>Database (catalog) name.</summary>
    public string? Database { get; init; }

    /// <summary>User name.</summary>
    public string? Username { get; init; }

    /// <summary>Password. Never shown by <see cref="ToString"/>, logs or errors.</summary>
    public string? Password { get; init; }

    /// <summary>SQLite file path, or <c>:memory:</c>.</summary>
    public string? FilePath { get; init; }

    /// <summary>TLS mode (<c>disable</c>, <c>prefer</c>, <c>require</c>, <c>verify-ca</c>, <c>verify-full</c>).</summary>
    public string? SslMode { get; init; }

    /// <summary>Application name reported to the server.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>Minimum pooled connections.</summary>
    public int? MinPoolSize { get; init; }

    /// <summary>Maximum pooled connections.</summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>How long an idle pooled connection is kept.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>How long a pooled connection lives before it is replaced.</summary>
    public TimeSpan? ConnectionLifetime { get; init; }

    /// <summary>How long opening (or acquiring from the pool) may take.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Default command timeout.</summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>
    /// MySQL/MariaDB only: lets the driver answer the server's requests for local files, which bulk inserts need for
    /// <c>LOAD DATA LOCAL INFILE</c> (MySqlConnector's <c>AllowLoadLocalInfile</c>). Off unless the URL says
    /// <c>allow_load_local_infile=true</c>: a malicious server could then ask for files of the client's machine, so
    /// turn it on only for servers you trust.
    /// </summary>
    public bool? AllowLoadLocalInfile { get; init; }

    /// <summary>
    /// MySQL/MariaDB only: which statements are prepared on the server (URL option <c>server_prepare</c>, <c>auto</c> or
    /// <c>off</c>). Null (the default): those prepared with <see cref="IDbSession.PrepareAsync"/>. True (<c>auto</c>): also every
    /// parameterised statement run a second time, on each pooled connection it runs on, executed through the binary protocol
    /// from then on, for up to 128 distinct statements (not the default: MariaDB 10.11 with MySqlConnector 2.6 returned a
    /// prepared catalog query's rows with another statement's column definitions after DDL). False (<c>off</c>): nothing is
    /// prepared on the server, not even by <see cref="IDbSession.PrepareAsync"/> (MySqlConnector's <c>IgnorePrepare</c>), for
    /// proxies that do not support prepared statements.
    /// </summary>
    public bool? ServerPrepare { get; init; }

    /// <summary>
    /// Whether a pooled connection's session is reset between uses (URL option <c>connection_reset</c>, <c>true</c> or <c>false</c>).
    /// MySQL/MariaDB: a <c>COM_RESET_CONNECTION</c> each time the connection is taken from the pool (MySqlConnector's
    /// <c>ConnectionReset</c>); null means false unless a connection string says otherwise, since the reset costs a round trip
    /// per pooled open and drops the connection's prepared statements, so automatic preparation (<see cref="ServerPrepare"/>)
    /// only runs without it. PostgreSQL: the resets Npgsql sends with the next command after a connection goes back to the
    /// pool (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>, <c>DISCARD TEMP</c>, …;
    /// Npgsql's <c>No Reset On Close</c> is its opposite); null means true, Npgsql's default: no round trip, but server work
    /// on every pooled open, which halved point-select throughput on a 2-core server (see bench/README.md). Without the
    /// reset, session state a command leaves (<c>SET</c>, temporary tables, session locks, <c>LISTEN</c>) stays on the
    /// connection for later commands: undo it before giving the connection back.
    /// </summary>
    public bool? ConnectionReset { get; init; }

    /// <summary>
    /// The read replicas as written: from the URL's <c>replicas</c> option (decoded) or <see cref="DatabaseOptions.Replicas"/>,
    /// which wins. Each is a URL, a <c>host:port</c>, or a native connection string; <see cref="DatabaseOptions.ToReplicaSettings()"/>
    /// resolves them. May hold passwords: never show them without <see cref="ConnectionStringRedactor.Redact"/>.
    /// </summary>
    public IReadOnlyList<string> Replicas { get; init; } = [];

    /// <summary>True for <c>sqlite::memory:</c>.</summary>
    public bool IsInMemory => string.Equals(FilePath, ":memory:", StringComparison.Ordinal);

    /// <summary>A description with the password replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        if (FilePath is not null) return $"{Scheme}:{FilePath}";
        if (ConnectionString is not null) return $"{Scheme} ({ConnectionStringRedactor.Redact(ConnectionString)})";
        var user = Username is null ? "" : Password is null ? $"{Username}@" : $"{Username}:***@";
        return $"{Scheme}://{user}{Host}{(Port is null ? "" : ":" + Port)}/{Database}";
    }
}
