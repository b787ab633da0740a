using System.Data.Common;
using Strata.Dialects;

namespace Strata.Providers;

/// <summary>
/// One database's connection to its driver: the driver's own data source and pool, and the
/// dialect. Built by a <see cref="DatabaseProvider"/>; owned and disposed by a <see cref="Database"/>.
/// </summary>
/// <remarks>Thread-safe: connections are opened concurrently.</remarks>
public abstract class DatabaseDriver : IAsyncDisposable
{
    /// <summary>The dialect of this database.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>Opens a pooled connection from the driver's data source.</summary>
    /// <param name="cancellationToken">Cancels the wait for a connection.</param>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection outside the pool: disposing it closes it for good, so session state on it (advisory locks,
    /// session variables) ends with it whatever happened before. The migration lock is held on one. The default opens
    /// a pooled connection, for drivers whose session state does not outlive a transaction (SQLite).
    /// </summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <remarks>Costs a new physical connection each time; for rare, long-held work only.</remarks>
    public virtual ValueTask<DbConnection> OpenUnpooledConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// How long the driver itself lets one open run, a wait for a pooled connection included (its connect timeout), or null
    /// when it sets no such limit. When this is within <see cref="ConnectionResilienceOptions.MaxOpenTime"/>, the
    /// connection guard leaves a caller's open without a token to the driver's limit instead of handing it a cancellation token
    /// of its own, which a driver may link to its timeout on every open.
    /// </summary>
    public virtual TimeSpan? OpenTimeout => null;

    /// <summary>Pool figures as the driver reports them, or null when it does not.</summary>
    public virtual PoolStatistics? GetPoolStatistics() => null;

    /// <summary>
    /// The database name and server as the driver resolved them from the URL or connection string, for traces and
    /// metrics; default (all parts null) when the driver does not say, and the URL's parts are used instead.
    /// </summary>
    public DatabaseEndpoint Endpoint { get; protected init; }

    /// <summary>
    /// Drops the pool's idle connections and has busy ones closed when they come back, after the server went away, so
    /// that the next connections are new. Does nothing where the driver has no such call or checks connections itself.
    /// </summary>
    /// <remarks>Thread-safe; does not wait on the network.</remarks>
    public virtual void ClearPool() { }

    /// <summary>
    /// Empties the pool: idle connections are closed now, busy ones when they come back, so that every later command opens a new
    /// connection. The default calls <see cref="ClearPool"/>; a driver whose clearing has to wait on the network overrides this.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <remarks>Thread-safe; commands running meanwhile finish on their connections.</remarks>
    public virtual ValueTask ClearPoolAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ClearPool();
        return default;
    }

    /// <summary>Closes the data source and its pooled connections.</summary>
    public abstract ValueTask DisposeAsync();
}

/// <summary>A snapshot of a database's connection pool.</summary>
/// <param name="Total">Connections open (idle plus busy).</param>
/// <param name="Idle">Open connections waiting in the pool.</param>
/// <param name="Busy">Connections in use.</param>
/// <param name="Waiting">Callers waiting for a connection.</param>
public readonly record struct PoolStatistics(int Total, int Idle, int Busy, int Waiting);

/// <summary>Where a database lives, as traces and metrics name it; a null part is unknown.</summary>
/// <param name="Namespace">The database name (<c>db.namespace</c>); for SQLite the file path.</param>
/// <param name="ServerAddress">The host name or address (<c>server.address</c>); null for embedded databases.</param>
/// <param name="ServerPort">The port (<c>server.port</c>); null for embedded databases.</param>
public readonly record struct DatabaseEndpoint(string? Namespace, string? ServerAddress, int? ServerPort);
