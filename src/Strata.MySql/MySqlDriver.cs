using MySqlConnector;
using Strata.Dialects;
using Strata.Providers;

namespace Strata.MySql;

/// <summary>MySQL and MariaDB through one <see cref="MySqlDataSource"/> and its pool.</summary>
internal sealed class MySqlDriver : DataSourceDriver
{
    public MySqlDriver(ConnectionSettings settings)
    {
        MySqlConnectionStringBuilder builder;
        try
        {
            builder = settings.ConnectionString is null ? new() : new(settings.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException($"The MySQL connection string is invalid: {e.Message}", e);
        }
        if (settings.Host is not null) builder.Server = settings.Host;
        if (settings.Port is { } port) builder.Port = (uint)port;
        if (settings.Database is not null) builder.Database = settings.Database;
        if (settings.Username is not null) builder.UserID = settings.Username;
        if (settings.Password is not null) builder.Password = settings.Password;
        if (settings.SslMode is { } ssl) builder.SslMode = ssl switch
        {
            "disable" => MySqlSslMode.None,
            "allow" or "prefer" => MySqlSslMode.Preferred,
            "require" => MySqlSslMode.Required,
            "verify-ca" => MySqlSslMode.VerifyCA,
            _ => MySqlSslMode.VerifyFull,
        };
        if (settings.ApplicationName is not null) builder.ApplicationName = settings.ApplicationName;
        if (settings.MinPoolSize is { } min) builder.MinimumPoolSize = (uint)min;
        if (settings.MaxPoolSize is { } max) builder.MaximumPoolSize = (uint)max;
        if (settings.IdleTimeout is { } idle) builder.ConnectionIdleTimeout = Seconds(idle);
        if (settings.ConnectionLifetime is { } life) builder.ConnectionLifeTime = Seconds(life);
        if (settings.ConnectTimeout is { } connect) builder.ConnectionTimeout = Math.Max(1u, Seconds(connect));
        if (settings.CommandTimeout is { } command) builder.DefaultCommandTimeout = Seconds(command);
        if (settings.AllowLoadLocalInfile is { } localInfile) builder.AllowLoadLocalInfile = localInfile;
        // server_prepare=off is MySqlConnector's IgnorePrepare (explicit prepares run as text too); IgnorePrepare=true in a
        // connection string turns automatic preparation off likewise.
        if (settings.ServerPrepare == false) builder.IgnorePrepare = true;
        // MySqlConnector resets a pooled connection on every open by default: a round trip per command, and the reset drops
        // the connection's prepared statements. Strata does not, unless the URL or connection string asks for it.
        if (settings.ConnectionReset is { } reset) builder.ConnectionReset = reset;
        else if (!builder.ContainsKey("Connection Reset")) builder.ConnectionReset = false;
        if (builder.MinimumPoolSize > builder.MaximumPoolSize)
            throw new DatabaseConfigurationException($"The minimum pool size ({builder.MinimumPoolSize}) is larger than the maximum ({builder.MaximumPoolSize}).");
        if (string.IsNullOrEmpty(builder.Server))
            throw new DatabaseConfigurationException("No MySQL host given: write mysql://user:password@host:3306/database.");
        // Bulk inserts use LOAD DATA LOCAL INFILE exactly when the connection may answer it (URL option or connection string).
        var bulkCopy = builder.AllowLoadLocalInfile;
        // As MySqlConnector resolves it for parameters, which the bulk load's file must match.
        var guids = builder.GuidFormat == MySqlGuidFormat.Default
            ? builder.OldGuids ? MySqlGuidFormat.LittleEndianBinary16 : MySqlGuidFormat.Char36
            : builder.GuidFormat;
        var poolMax = (int)builder.MaximumPoolSize;
        var poolTimeout = TimeSpan.FromSeconds(builder.ConnectionTimeout);
        OpenTimeout = builder.ConnectionTimeout == 0 ? null : poolTimeout;
        // Only when asked (server_prepare=auto): MariaDB 10.11 with MySqlConnector 2.6 sent a prepared catalog query's rows with
        // another statement's column definitions after DDL (the integration suite's schema modules and dumps). Prepared
        // statements outlive a command only on a connection that is not reset when it is next taken from the pool.
        var autoPrepare = settings.ServerPrepare == true && !builder.IgnorePrepare && !builder.ConnectionReset;
        Dialect = settings.Scheme == "mariadb"
            ? new MariaDbDialect { UsesBulkCopy = bulkCopy, GuidFormat = guids, AutoPrepare = autoPrepare, MaxPoolSize = poolMax, PoolTimeout = poolTimeout }
            : new MySqlDialect { UsesBulkCopy = bulkCopy, GuidFormat = guids, AutoPrepare = autoPrepare, MaxPoolSize = poolMax, PoolTimeout = poolTimeout };
        Endpoint = new DatabaseEndpoint(builder.Database, builder.Server, (int)builder.Port);
        _connectionString = builder.ConnectionString;
        _poolName = NewPoolName();
        var poolMetrics = new DriverPoolMetrics("MySqlConnector", _poolName, "db.client.connections.usage", "db.client.connections.pending_requests");
        // The migration lock's connection is never pooled: closing it ends the lock even when unlocking failed.
        var unpooled = new MySqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, MinimumPoolSize = 0 }.ConnectionString;
        Initialize(Build(), poolMetrics, () => new MySqlDataSource(unpooled));
    }

    private readonly string _connectionString;
    private readonly string _poolName;

    public override SqlDialect Dialect { get; }

    /// <inheritdoc />
    /// <remarks>MySqlConnector's Connection Timeout, which bounds the whole open, a wait for the pool included.</remarks>
    public override TimeSpan? OpenTimeout { get; }

    // MySqlConnection.ClearPool finds pools by connection string and never reaches a MySqlDataSource's own pool, which only
    // disposing the data source empties; the new one carries the same pool name, so the pool figures continue.
    protected override MySqlDataSource RebuildDataSource() => Build();

    private MySqlDataSource Build() => new MySqlDataSourceBuilder(_connectionString).UseName(_poolName).Build();

    private static uint Seconds(TimeSpan value) => (uint)Math.Ceiling(value.TotalSeconds);
}
