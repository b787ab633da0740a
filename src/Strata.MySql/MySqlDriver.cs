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
        if (builder.MinimumPoolSize > builder.MaximumPoolSize)
            throw new DatabaseConfigurationException($"The minimum pool size ({builder.MinimumPoolSize}) is larger than the maximum ({builder.MaximumPoolSize}).");
        if (string.IsNullOrEmpty(builder.Server))
            throw new DatabaseConfigurationException("No MySQL host given: write mysql://user:password@host:3306/database.");
        // Bulk inserts use LOAD DATA LOCAL INFILE exactly when the connection may answer it (URL option or connection string).
        var bulkCopy = builder.AllowLoadLocalInfile;
        Dialect = settings.Scheme == "mariadb" ? new MariaDbDialect { UsesBulkCopy = bulkCopy } : new MySqlDialect { UsesBulkCopy = bulkCopy };
        Endpoint = new DatabaseEndpoint(builder.Database, builder.Server, (int)builder.Port);
        var poolName = NewPoolName();
        var poolMetrics = new DriverPoolMetrics("MySqlConnector", poolName, "db.client.connections.usage", "db.client.connections.pending_requests");
        // The migration lock's connection is never pooled: closing it ends the lock even when unlocking failed.
        var unpooled = new MySqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, MinimumPoolSize = 0 }.ConnectionString;
        Initialize(new MySqlDataSourceBuilder(builder.ConnectionString).UseName(poolName).Build(), poolMetrics, () => new MySqlDataSource(unpooled));
    }

    public override SqlDialect Dialect { get; }

    private static uint Seconds(TimeSpan value) => (uint)Math.Ceiling(value.TotalSeconds);
}
