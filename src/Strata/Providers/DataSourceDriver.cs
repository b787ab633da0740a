using System.Data.Common;
using Strata.Dialects;

namespace Strata.Providers;

/// <summary>
/// A driver over an ADO.NET <see cref="DbDataSource"/> that pools connections itself (Npgsql,
/// MySqlConnector), with pool figures read from the driver's metrics.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public abstract class DataSourceDriver : DatabaseDriver
{
    private DbDataSource? _dataSource;
    private DriverPoolMetrics? _poolMetrics;
    private Lazy<DbDataSource>? _unpooled;

    /// <summary>Hands the built data source (and the metrics reader for its pool, when the driver has metrics) to this base.</summary>
    /// <param name="dataSource">The driver's data source; disposed with this driver.</param>
    /// <param name="poolMetrics">Reads the pool's figures; created before the data source, disposed with this driver.</param>
    /// <param name="unpooled">
    /// Builds a data source with the same settings and pooling off, for <see cref="OpenUnpooledConnectionAsync"/>; called at
    /// its first use and disposed with this driver. Null opens those connections from the pool.
    /// </param>
    protected void Initialize(DbDataSource dataSource, DriverPoolMetrics? poolMetrics, Func<DbDataSource>? unpooled = null)
    {
        _dataSource = dataSource;
        _poolMetrics = poolMetrics;
        _unpooled = unpooled is null ? null : new Lazy<DbDataSource>(unpooled);
    }

    /// <summary>The driver's data source, as handed to <see cref="Initialize"/>.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="Initialize"/>.</exception>
    protected DbDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The driver's data source was not initialized.");

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenUnpooledConnectionAsync(CancellationToken cancellationToken) =>
        _unpooled is null
            ? await OpenConnectionAsync(cancellationToken).ConfigureAwait(false)
            : await _unpooled.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override PoolStatistics? GetPoolStatistics() => _poolMetrics?.Read();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync().ConfigureAwait(false);
        if (_unpooled is { IsValueCreated: true }) await _unpooled.Value.DisposeAsync().ConfigureAwait(false);
        _poolMetrics?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A pool name unique to one data source, so its metrics can be told apart.</summary>
    protected static string NewPoolName() => "strata-" + Guid.NewGuid().ToString("N");
}
