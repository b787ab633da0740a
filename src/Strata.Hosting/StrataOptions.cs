namespace Strata.Hosting;

/// <summary>
/// The <c>Strata</c> configuration section: which database is the default, whether migrations run at start, and
/// the settings of each database by name. A database's URL may instead come from <c>ConnectionStrings:&lt;name&gt;</c>.
/// </summary>
/// <example>
/// <code>
/// "ConnectionStrings": { "main": "postgres://app:secret@db/app", "analytics": "sqlite:analytics.db" },
/// "Strata": {
///   "Default": "main",
///   "AutoMigrate": true,
///   "Databases": { "main": { "MaxPoolSize": 50, "MigrationFolders": [ "migrations" ] } }
/// }
/// </code>
/// </example>
/// <remarks>Unknown keys are errors at start-up, so a misspelt setting is never silently ignored.</remarks>
public sealed class StrataOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Strata";

    /// <summary>The default database's name: what a plain <see cref="IDatabase"/> resolves to. Not needed with one database, or one named <c>default</c>.</summary>
    public string? Default { get; set; }

    /// <summary>Apply pending migrations (and module schemas) of every database at start, unless a database says otherwise.</summary>
    public bool AutoMigrate { get; set; }

    /// <summary>Each database's settings by name.</summary>
    public Dictionary<string, StrataDatabaseSettings> Databases { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys the binder could not use, reported by the start-up validation.</summary>
    internal List<string> BindingProblems { get; } = [];
}

/// <summary>One database's settings in configuration; each maps to the <see cref="DatabaseOptions"/> property of the same name.</summary>
/// <remarks>Relative folders are resolved against the host's content root.</remarks>
public sealed class StrataDatabaseSettings
{
    /// <summary>The database URL (<c>sqlite:app.db</c>, <c>postgres://…</c>, …); <c>ConnectionStrings:&lt;name&gt;</c> when unset.</summary>
    public string? Url { get; set; }

    /// <summary>A native ADO.NET connection string, with <see cref="Provider"/>, instead of a URL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Which provider reads <see cref="ConnectionString"/> (sqlite, postgres, cockroachdb, mysql, mariadb).</summary>
    public string? Provider { get; set; }

    /// <summary>See <see cref="DatabaseOptions.MinPoolSize"/>.</summary>
    public int? MinPoolSize { get; set; }

    /// <summary>See <see cref="DatabaseOptions.MaxPoolSize"/>.</summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>See <see cref="DatabaseOptions.IdleTimeout"/> (<c>"00:05:00"</c>).</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>See <see cref="DatabaseOptions.ConnectionLifetime"/>.</summary>
    public TimeSpan? ConnectionLifetime { get; set; }

    /// <summary>See <see cref="DatabaseOptions.ConnectTimeout"/>.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>See <see cref="DatabaseOptions.CommandTimeout"/>.</summary>
    public TimeSpan? CommandTimeout { get; set; }

    /// <summary>See <see cref="DatabaseOptions.ApplicationName"/>.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>See <see cref="DatabaseOptions.SslMode"/>.</summary>
    public string? SslMode { get; set; }

    /// <summary>See <see cref="DatabaseOptions.SlowQueryThreshold"/>.</summary>
    public TimeSpan? SlowQueryThreshold { get; set; }

    /// <summary>See <see cref="DatabaseOptions.LogParameterValues"/>.</summary>
    public bool? LogParameterValues { get; set; }

    /// <summary>See <see cref="DatabaseOptions.IncludeValuesInErrors"/>.</summary>
    public bool? IncludeValuesInErrors { get; set; }

    /// <summary><c>SnakeCase</c> (the default) or <c>Exact</c>: see <see cref="DatabaseOptions.NamingConvention"/>.</summary>
    public string? NamingConvention { get; set; }

    /// <summary>See <see cref="DatabaseOptions.EnumStorage"/>.</summary>
    public EnumStorage? EnumStorage { get; set; }

    /// <summary>See <see cref="DatabaseOptions.DisposeTimeout"/>.</summary>
    public TimeSpan? DisposeTimeout { get; set; }

    /// <summary>Retries and circuit breaker for opening connections (a <c>Resilience</c> section: <c>OpenRetries</c>, <c>BreakDuration</c>, …); see <see cref="DatabaseOptions.Resilience"/>.</summary>
    public ConnectionResilienceOptions? Resilience { get; set; }

    /// <summary>Read replicas: URLs, <c>host:port</c> entries or connection strings; see <see cref="DatabaseOptions.Replicas"/>.</summary>
    public List<string> Replicas { get; set; } = [];

    /// <summary>See <see cref="DatabaseOptions.ReadYourWritesWindow"/>.</summary>
    public TimeSpan? ReadYourWritesWindow { get; set; }

    /// <summary>See <see cref="DatabaseOptions.ReplicaProbeDelay"/>.</summary>
    public TimeSpan? ReplicaProbeDelay { get; set; }

    /// <summary>See <see cref="DatabaseOptions.CollectStatistics"/>.</summary>
    public bool? CollectStatistics { get; set; }

    /// <summary>
    /// The environment this database serves (<c>Development</c>, <c>Staging</c>, <c>Production</c>). Only tools read it: the
    /// <c>strata</c> command refuses to empty or reset a database marked <c>Production</c> unless told <c>--force</c>.
    /// </summary>
    public string? Environment { get; set; }

    /// <summary>Overrides <see cref="StrataOptions.AutoMigrate"/> for this database.</summary>
    public bool? AutoMigrate { get; set; }

    /// <summary>Folders of SQL migrations.</summary>
    public List<string> MigrationFolders { get; set; } = [];

    /// <summary>Folders of per-module schemas.</summary>
    public List<string> ModuleFolders { get; set; } = [];

    /// <summary>Folders of SQL seed files.</summary>
    public List<string> SeedFolders { get; set; } = [];

    /// <summary>See <see cref="MigrationOptions.HistoryTable"/>.</summary>
    public string? MigrationHistoryTable { get; set; }

    /// <summary>See <see cref="MigrationOptions.LockTimeout"/>.</summary>
    public TimeSpan? MigrationLockTimeout { get; set; }
}
