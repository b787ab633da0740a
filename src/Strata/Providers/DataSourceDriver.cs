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
    private Source? _source;
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
        ArgumentNullException.ThrowIfNull(dataSource);
        _source = new Source(dataSource);
        _poolMetrics = poolMetrics;
        _unpooled = unpooled is null ? null : new Lazy<DbDataSource>(unpooled);
    }

    /// <summary>The driver's data source, as handed to <see cref="Initialize"/> (or its replacement after <see cref="ClearPoolAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="Initialize"/>.</exception>
    protected DbDataSource DataSource => Current.DataSource;

    private Source Current => Volatile.Read(ref _source) ?? throw new InvalidOperationException("The driver's data source was not initialized.");

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        Source source;
        while (true)
        {
            source = Current;
            Interlocked.Increment(ref source.Opening);
            // Replaced meanwhile: the old data source may be disposed at any moment, so take the new one.
            if (ReferenceEquals(source, Volatile.Read(ref _source))) break;
            Interlocked.Decrement(ref source.Opening);
        }
        try
        {
            return await source.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref source.Opening);
        }
    }

    /// <summary>
    /// A new data source built like the current one, for a driver whose data source cannot empty its pool and is replaced instead
    /// (<see cref="ClearPoolAsync"/>); null, the default, when <see cref="DatabaseDriver.ClearPool"/> does the work.
    /// </summary>
    protected virtual DbDataSource? RebuildDataSource() => null;

    /// <inheritdoc />
    /// <remarks>
    /// Where <see cref="RebuildDataSource"/> gives a new data source, it takes the place of the current one, which is disposed (closing
    /// its idle connections now and its busy ones as they come back) once the connections being opened from it are open.
    /// </remarks>
    public override async ValueTask ClearPoolAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Replace() is { } replaced) await DisposeWhenOpenedAsync(replaced).ConfigureAwait(false);
        else await base.ClearPoolAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Called when the circuit breaker opens or a connection breaks. Where the data source is replaced (<see cref="RebuildDataSource"/>),
    /// the old one is disposed in the background once the connections being opened from it are open.
    /// </remarks>
    public override void ClearPool()
    {
        if (Replace() is { } replaced) _ = DisposeWhenOpenedAsync(replaced);
        else base.ClearPool();
    }

    /// <summary>Puts a rebuilt data source in place of the current one and returns the old one; null when the driver does not rebuild.</summary>
    private Source? Replace() => RebuildDataSource() is { } replacement ? Interlocked.Exchange(ref _source, new Source(replacement)) : null;

    private static async Task DisposeWhenOpenedAsync(Source replaced)
    {
        while (Volatile.Read(ref replaced.Opening) > 0) await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
        await replaced.DataSource.DisposeAsync().ConfigureAwait(false);
    }

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
        if (Volatile.Read(ref _source) is { } source) await source.DataSource.DisposeAsync().ConfigureAwait(false);
        if (_unpooled is { IsValueCreated: true }) await _unpooled.Value.DisposeAsync().ConfigureAwait(false);
        _poolMetrics?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A pool name unique to one data source, so its metrics can be told apart.</summary>
    protected static string NewPoolName() => "strata-" + Guid.NewGuid().ToString("N");

    /// <summary>A data source with the number of connections being opened from it.</summary>
    private sealed class Source(DbDataSource dataSource)
    {
        public readonly DbDataSource DataSource = dataSource;
        public int Opening;
    }
}
