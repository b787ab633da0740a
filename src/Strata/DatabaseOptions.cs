using Microsoft.Extensions.Logging;
using Strata.Diagnostics;
using Strata.Mapping;
using Strata.Providers;

namespace Strata;

/// <summary>
/// How to open a database: a URL (or a native connection string with its provider), pool sizes,
/// timeouts, diagnostics and mapping conventions. Values set here win over the same option in the
/// URL's query string. <see cref="ToString"/> never shows a password.
/// </summary>
/// <remarks>Read once by <see cref="Database.Open(DatabaseOptions)"/>; changing it afterwards has no effect on that database.</remarks>
public sealed class DatabaseOptions
{
    /// <summary>The database URL, e.g. <c>sqlite:app.db</c> or <c>postgres://user:password@host/db</c>.</summary>
    public string? Url { get; set; }

    /// <summary>A native ADO.NET connection string; needs <see cref="Provider"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider scheme for <see cref="ConnectionString"/>: <c>sqlite</c>, <c>postgres</c>, <c>cockroachdb</c>, <c>mysql</c> or <c>mariadb</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Read replicas of the same database, each a URL (<c>postgres://replica1:5432</c>), a <c>host:port</c>, or a native
    /// connection string. Replaces the URL's <c>replicas</c> option when not empty. Reads outside a transaction go to a
    /// healthy replica in turn; see <see cref="Database"/> for the routing rules.
    /// </summary>
    /// <remarks>
    /// A URL or <c>host:port</c> replica is the primary's configuration with what it states replaced: it inherits the
    /// database, user name and password (unless it names another user), port, TLS and pool settings. A connection
    /// string stands on its own; only the pool and timeout options set here apply to it. Each replica gets its own
    /// driver data source and pool, built by the primary's provider; SQLite has no replicas.
    /// </remarks>
    public IList<string> Replicas { get; } = new List<string>();

    /// <summary>
    /// How long reads stay on the primary in an async flow after it wrote there, so that it reads its own writes
    /// while replicas catch up (5 seconds by default; zero turns it off). Only used with <see cref="Replicas"/>.
    /// </summary>
    public TimeSpan ReadYourWritesWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a replica whose connection failed stays out of rotation before it is probed, and the wait between
    /// probes while it keeps failing (5 seconds by default). Measured with <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan ReplicaProbeDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Minimum pooled connections (the driver's pool).</summary>
    public int? MinPoolSize { get; set; }

    /// <summary>Maximum pooled connections (the driver's pool).</summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>How long an idle pooled connection is kept before the driver closes it.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>How long a pooled connection lives before the driver replaces it.</summary>
    public TimeSpan? ConnectionLifetime { get; set; }

    /// <summary>How long opening or acquiring a connection may take.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Default command timeout (30 seconds when unset).</summary>
    public TimeSpan? CommandTimeout { get; set; }

    /// <summary>Application name reported to the server.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>TLS mode: <c>disable</c>, <c>allow</c>, <c>prefer</c>, <c>require</c>, <c>verify-ca</c> or <c>verify-full</c>.</summary>
    public string? SslMode { get; set; }

    /// <summary>
    /// Where log lines go (category <c>Strata.Database</c>): each command at debug with its SQL, slow commands, transaction
    /// retries at warning, connections that cannot be opened at error (without the password). Nothing is logged when null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Include parameter values in debug log lines. Off by default: values may be personal data.</summary>
    public bool LogParameterValues { get; set; }

    /// <summary>
    /// Keep the database's own error text, values included, in <see cref="DatabaseException.Message"/>, its
    /// <see cref="DatabaseException.ToString"/>, events and logs. Off by default: servers quote the offending value
    /// (<c>invalid input syntax for type integer: "…"</c>, <c>Duplicate entry '…' for key</c>), which may be personal data,
    /// so Strata replaces it with <c>***</c> and keeps the code, constraint, column and table. Turn it on while debugging.
    /// </summary>
    /// <remarks>
    /// PostgreSQL's details (<c>Key (email)=(…) already exists.</c>) reach Strata only when Npgsql passes them on: add
    /// <c>Include Error Detail=true</c> to a native connection string to have them, redacted like the rest.
    /// </remarks>
    public bool IncludeValuesInErrors { get; set; }

    /// <summary>Commands slower than this are logged as warnings and raise <see cref="DatabaseEvents.SlowQuery"/> (1 second by default; null turns it off).</summary>
    public TimeSpan? SlowQueryThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Keep per-statement query statistics for <see cref="Database.GetStatistics"/> (off by default). Costs a scan of
    /// each command's text and a dictionary lookup per command, and up to 1,000 statements of memory (about 1 KB each
    /// plus the SQL text); a statement with an <c>IN</c> list allocates its shape's string on every run.
    /// </summary>
    public bool CollectStatistics { get; set; }

    /// <summary>Interceptors called for every command, in order.</summary>
    public IList<ICommandInterceptor> Interceptors { get; } = new List<ICommandInterceptor>();

    /// <summary>
    /// Where results of queries marked <c>.Cached(ttl)</c> are kept (the Redis package's <c>RedisStore.QueryCache</c>), and
    /// what hears about the tables Strata's writes change once they commit. Null (the default): a cached query throws.
    /// </summary>
    /// <remarks>
    /// Setting it makes every successful write statement name its table (see <see cref="Dialects.SqlDialect.WrittenTables"/>),
    /// a scan of its text once per distinct statement.
    /// </remarks>
    public Caching.IQueryResultCache? QueryCache { get; set; }

    /// <summary>How member names become column names (snake_case by default).</summary>
    public NamingConvention NamingConvention { get; set; } = NamingConvention.SnakeCase;

    /// <summary>
    /// How JSON values are written and read: the System.Text.Json settings (web defaults: camelCase names) and the types stored as
    /// JSON without <see cref="JsonColumnAttribute"/>. Each database has its own; nothing is shared between databases.
    /// </summary>
    public JsonColumnOptions Json { get; set; } = new();

    /// <summary>How enum parameters are written: as their numeric value (default) or as their name.</summary>
    public EnumStorage EnumStorage { get; set; } = EnumStorage.Number;

    /// <summary>
    /// The converters that teach this database types of your own (strongly-typed ids, money, smart enums):
    /// <c>options.Types.Add&lt;CustomerId, Guid&gt;(id =&gt; id.Value, CustomerId.From)</c>. Types that wrap one value
    /// (<c>record struct UserId(Guid Value)</c>) need none; see <see cref="ValueConverters"/> for the rule.
    /// </summary>
    public ValueConverters Types { get; } = new();

    /// <summary>How long <see cref="Database.DisposeAsync"/> waits for in-flight commands before closing (10 seconds by default).</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock used for retry backoff and timings; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where <c>db.Migrator</c> finds migrations, and its history table and lock settings.</summary>
    public MigrationOptions Migrations { get; set; } = new();

    /// <summary>Where <c>db.Schemas</c> finds modules that bring their own database files.</summary>
    public Modules.SchemaModuleOptions Modules { get; set; } = new();

    /// <summary>The plugins (soft delete, timestamps, audit, your own) and the tables they are enabled for.</summary>
    public Plugins.PluginOptions Plugins { get; set; } = new();

    /// <summary>Where <c>db.Seeder</c> finds seed classes and SQL files.</summary>
    public SeedOptions Seeds { get; set; } = new();

    /// <summary>Retries with backoff and a circuit breaker for opening connections (<see cref="ConnectionResilienceOptions.Default"/> unless set).</summary>
    public ConnectionResilienceOptions Resilience { get; set; } = ConnectionResilienceOptions.Default;

    /// <summary>
    /// Reads <c>DATABASE_URL</c>; or, without it, <c>DATABASE_TYPE</c> (<c>sqlite</c>, the default, <c>postgres</c> or
    /// <c>mysql</c>/<c>mariadb</c>) with <c>DATABASE_FILE</c> for SQLite (<c>app.db</c> by default), <c>POSTGRES_HOST</c>,
    /// <c>POSTGRES_PORT</c>, <c>POSTGRES_DB</c>, <c>POSTGRES_USER</c>, <c>POSTGRES_PASSWORD</c>, <c>POSTGRES_SSL</c> for
    /// PostgreSQL (and the same names with <c>MYSQL_</c> for MySQL), plus <c>DB_POOL_MIN</c>, <c>DB_POOL_MAX</c> and
    /// <c>DB_IDLE_TIMEOUT</c> (milliseconds, as in <c>30000</c>, or with a unit: <c>30s</c>, <c>5m</c>).
    /// </summary>
    /// <remarks>
    /// With nothing set, the database is the SQLite file <c>app.db</c> in the working directory: the zero set-up default.
    /// When the options choose a SQLite file this way, <see cref="Database.Open(DatabaseOptions)"/> logs the file's full
    /// path (at information level, through <see cref="LoggerFactory"/>), so a misconfigured deployment shows which file
    /// it writes to.
    /// </remarks>
    /// <param name="getVariable">Reads a variable; the process environment when null.</param>
    /// <exception cref="DatabaseConfigurationException">A variable is invalid or a required one is missing (the message names it).</exception>
    public static DatabaseOptions FromEnvironment(Func<string, string?>? getVariable = null) =>
        DatabaseEnvironment.Read(getVariable ?? Environment.GetEnvironmentVariable);

    /// <summary>Why the SQLite file was chosen, when <see cref="FromEnvironment"/> chose it; logged when the database opens.</summary>
    internal string? SqliteFileOrigin { get; set; }

    /// <summary>Resolves the URL or connection string and the option overrides into settings for a provider.</summary>
    /// <exception cref="DatabaseConfigurationException">Something is missing (such as a server URL's database name), malformed or out of range.</exception>
    public ConnectionSettings ToConnectionSettings()
    {
        ConnectionSettings settings;
        if (Url is not null && ConnectionString is not null)
            throw new DatabaseConfigurationException("Both Url and ConnectionString are set: give one of them.");
        if (Url is not null)
        {
            settings = DatabaseUrl.Parse(Url);
            if (settings.FilePath is null && settings.Database is null)
                throw new DatabaseConfigurationException(
                    $"'{ConnectionStringRedactor.Redact(Url)}' names no database. Add its name as the URL's path: {settings.Scheme}://user:password@host:port/database.");
        }
        else if (ConnectionString is not null)
        {
            if (string.IsNullOrWhiteSpace(Provider))
                throw new DatabaseConfigurationException("A ConnectionString needs Provider (sqlite, postgres, cockroachdb, mysql or mariadb) to say which driver reads it.");
            settings = new ConnectionSettings { Scheme = Provider.Trim().ToLowerInvariant(), ConnectionString = ConnectionString };
        }
        else
        {
            throw new DatabaseConfigurationException("No database given: set Url (e.g. 'sqlite:app.db') or ConnectionString with Provider.");
        }
        if (MinPoolSize < 0) throw new DatabaseConfigurationException($"MinPoolSize ({MinPoolSize}) must not be negative.");
        if (MaxPoolSize < 1) throw new DatabaseConfigurationException($"MaxPoolSize ({MaxPoolSize}) must be at least 1.");
        CheckTime(nameof(IdleTimeout), IdleTimeout);
        CheckTime(nameof(ConnectionLifetime), ConnectionLifetime);
        CheckTime(nameof(ConnectTimeout), ConnectTimeout);
        CheckTime(nameof(CommandTimeout), CommandTimeout);
        CheckTime(nameof(ReadYourWritesWindow), ReadYourWritesWindow);
        CheckTime(nameof(ReplicaProbeDelay), ReplicaProbeDelay);
        if (ReplicaProbeDelay == TimeSpan.Zero)
            throw new DatabaseConfigurationException("ReplicaProbeDelay must be more than zero: it is the pause between probes of a failed replica.");
        if (Json is null) throw new DatabaseConfigurationException("Json is null: leave it unset for the defaults, or give a JsonColumnOptions.");
        Json.Validate();
        foreach (var type in Json.Types)
        {
            // JSON is decided before conversions, so a converter for a listed type would never run: say so rather than ignore it.
            if (Types.Contains(Nullable.GetUnderlyingType(type) ?? type))
                throw new DatabaseConfigurationException(
                    $"{type.Name} is listed in Json.Types and has a converter in Types: a value is either a JSON document or converted. Remove one of the two.");
        }
        settings = ApplyOverrides(settings);
        if (Replicas.Count > 0) settings = settings with { Replicas = [.. Replicas] };
        if (settings.MinPoolSize > settings.MaxPoolSize)
            throw new DatabaseConfigurationException($"The minimum pool size ({settings.MinPoolSize}) is larger than the maximum ({settings.MaxPoolSize}).");
        return settings;
    }

    /// <summary>
    /// Resolves <see cref="Replicas"/> (or the URL's <c>replicas</c> option) into settings for each replica, with what
    /// each inherits from the primary filled in (see <see cref="Replicas"/>). Empty when there are none.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">An entry is malformed, names another kind of database, or the database cannot have replicas; the message names the entry with any password hidden.</exception>
    public IReadOnlyList<ConnectionSettings> ToReplicaSettings() => ToReplicaSettings(ToConnectionSettings());

    internal IReadOnlyList<ConnectionSettings> ToReplicaSettings(ConnectionSettings primary) =>
        global::Strata.Replicas.ReplicaSettings.Resolve(primary, ApplyOverrides);

    /// <summary>The values set on these options, over the same settings from the URL or connection string.</summary>
    private ConnectionSettings ApplyOverrides(ConnectionSettings settings) =>
        settings with
        {
            MinPoolSize = MinPoolSize ?? settings.MinPoolSize,
            MaxPoolSize = MaxPoolSize ?? settings.MaxPoolSize,
            IdleTimeout = IdleTimeout ?? settings.IdleTimeout,
            ConnectionLifetime = ConnectionLifetime ?? settings.ConnectionLifetime,
            ConnectTimeout = ConnectTimeout ?? settings.ConnectTimeout,
            CommandTimeout = CommandTimeout ?? settings.CommandTimeout,
            ApplicationName = ApplicationName ?? settings.ApplicationName,
            SslMode = SslMode is null ? settings.SslMode : DatabaseUrl.ParseSslMode(SslMode),
        };

    private static void CheckTime(string name, TimeSpan? value)
    {
        if (value is { } v && (v < TimeSpan.Zero || v > TimeSpan.FromDays(1)))
            throw new DatabaseConfigurationException($"{name} ({v}) must be between zero and one day.");
    }

    /// <summary>The URL or connection string with any password replaced by <c>***</c>.</summary>
    public override string ToString() => Url is not null
        ? ConnectionStringRedactor.Redact(Url)
        : $"{Provider} ({ConnectionStringRedactor.Redact(ConnectionString)})";
}

/// <summary>How enum values are written as parameters. Reading accepts both forms.</summary>
public enum EnumStorage
{
    /// <summary>The enum's underlying numeric value.</summary>
    Number,
    /// <summary>The enum member's name.</summary>
    Name,
}
