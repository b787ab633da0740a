using System.Security.Cryptography.X509Certificates;
using Npgsql;
using Strata.Dialects;
using Strata.Providers;

namespace Strata.Postgres;

/// <summary>PostgreSQL (and CockroachDB) through one <see cref="NpgsqlDataSource"/> and its pool.</summary>
internal sealed class PostgresDriver : DataSourceDriver
{
    public PostgresDriver(ConnectionSettings settings)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = settings.ConnectionString is null ? new() : new(settings.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException($"The PostgreSQL connection string is invalid: {e.Message}", e);
        }
        if (settings.Host is not null) builder.Host = settings.Host;
        if (settings.Port is { } port) builder.Port = port;
        if (settings.Database is not null) builder.Database = settings.Database;
        if (settings.Username is not null) builder.Username = settings.Username;
        if (settings.Password is not null) builder.Password = settings.Password;
        if (settings.SslMode is { } ssl) builder.SslMode = ssl switch
        {
            "disable" => SslMode.Disable,
            "allow" => SslMode.Allow,
            "prefer" => SslMode.Prefer,
            "require" => SslMode.Require,
            "verify-ca" => SslMode.VerifyCA,
            _ => SslMode.VerifyFull,
        };
        if (settings.ApplicationName is not null) builder.ApplicationName = settings.ApplicationName;
        if (settings.MinPoolSize is { } min) builder.MinPoolSize = min;
        if (settings.MaxPoolSize is { } max) builder.MaxPoolSize = max;
        if (settings.IdleTimeout is { } idle) builder.ConnectionIdleLifetime = Seconds(idle);
        if (settings.ConnectionLifetime is { } life) builder.ConnectionLifetime = Seconds(life);
        if (settings.ConnectTimeout is { } connect) builder.Timeout = Math.Max(1, Seconds(connect));
        if (settings.CommandTimeout is { } command) builder.CommandTimeout = Seconds(command);
        if (settings.ConnectionReset is { } reset) builder.NoResetOnClose = !reset;
        if (builder.MinPoolSize > builder.MaxPoolSize)
            throw new DatabaseConfigurationException($"The minimum pool size ({builder.MinPoolSize}) is larger than the maximum ({builder.MaxPoolSize}).");
        if (string.IsNullOrEmpty(builder.Host))
            throw new DatabaseConfigurationException("No PostgreSQL host given: write postgres://user:password@host:5432/database.");
        // Strata's rule for DateTime is UTC in and UTC out; with the session in UTC, PostgreSQL's casts between timestamp and
        // timestamptz (a UTC DateTime written to a timestamp column, an unspecified one to a timestamptz column) shift nothing.
        // A connection string that sets Timezone keeps it.
        if (string.IsNullOrEmpty(builder.Timezone)) builder.Timezone = "UTC";
        // Repeated statements are prepared on the server after two uses, the driver's fast path.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 128;
        var poolTimeout = TimeSpan.FromSeconds(builder.Timeout);
        OpenTimeout = builder.Timeout == 0 ? null : poolTimeout;
        Dialect = settings.Scheme == "cockroachdb"
            ? new CockroachDialect { MaxPoolSize = builder.MaxPoolSize, PoolTimeout = poolTimeout }
            : new PostgresDialect { MaxPoolSize = builder.MaxPoolSize, PoolTimeout = poolTimeout };
        Endpoint = new DatabaseEndpoint(builder.Database, builder.Host, builder.Port);
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = NewPoolName() };
        // Modes that accept any server certificate need no trust store: without this the first TLS handshake of a process still
        // loads and parses every system root certificate (about a tenth of a second) to build a chain nobody checks.
        if (builder.SslMode is SslMode.Allow or SslMode.Prefer or SslMode.Require && builder.RootCertificate is null)
            dataSourceBuilder.UseSslClientAuthenticationOptionsCallback(options => options.CertificateChainPolicy = UncheckedChain());
        var poolMetrics = new DriverPoolMetrics("Npgsql", dataSourceBuilder.Name, "db.client.connection.count", "db.client.connection.npgsql.pending_requests");
        // The migration lock's connection is never pooled: closing it ends the lock even when unlocking failed.
        var unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, MinPoolSize = 0 }.ConnectionString;
        Initialize(dataSourceBuilder.Build(), poolMetrics, () => NpgsqlDataSource.Create(unpooled));
    }

    public override SqlDialect Dialect { get; }

    /// <inheritdoc />
    /// <remarks>Npgsql's Timeout, which bounds the whole open, a wait for the pool included.</remarks>
    public override TimeSpan? OpenTimeout { get; }

    public override void ClearPool() => ((NpgsqlDataSource)DataSource).Clear();

    private static X509ChainPolicy UncheckedChain() =>
        new() { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };

    private static int Seconds(TimeSpan value) => (int)Math.Ceiling(value.TotalSeconds);
}
