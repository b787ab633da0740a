using Strata.Providers;

namespace Strata;

/// <summary>One logical database: a session plus what belongs to the database as a whole.</summary>
/// <remarks>Thread-safe; keep one per connection target for the life of the application.</remarks>
public interface IDatabase : IDbSession, IAsyncDisposable
{
    /// <summary>Opens a connection and runs a trivial query.</summary>
    /// <param name="cancellationToken">Cancels the ping.</param>
    /// <exception cref="ConnectionFailureException">The database cannot be reached.</exception>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a session that keeps one connection until it is disposed, so that session state (<c>SET</c>,
    /// <c>PRAGMA</c>, advisory locks, temporary tables) lasts from one command to the next.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the connection.</param>
    /// <exception cref="ConnectionFailureException">No connection could be opened.</exception>
    Task<ConnectionSession> OpenSessionAsync(CancellationToken cancellationToken = default);

    /// <summary>The migrator configured by <see cref="DatabaseOptions.Migrations"/>.</summary>
    Migrator Migrator { get; }

    /// <summary>The modules with their own database files, configured by <see cref="DatabaseOptions.Modules"/>.</summary>
    Modules.SchemaModules Schemas { get; }

    /// <summary>The seeder configured by <see cref="DatabaseOptions.Seeds"/>.</summary>
    Seeder Seeder { get; }

    /// <summary>A snapshot of the connection pool.</summary>
    PoolStatistics GetPoolStatistics();

    /// <summary>
    /// Empties the connection pools of this database, its replicas' included, with each driver's own means: idle connections are
    /// closed now and busy ones when they are returned, so every later command opens a new connection (after a failover, a
    /// restarted server, or changed credentials). Commands and transactions running meanwhile finish on their connections.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <remarks>
    /// PostgreSQL clears its <c>NpgsqlDataSource</c>; MySQL/MariaDB replace their <c>MySqlDataSource</c> with a new one and dispose the
    /// old one (MySqlConnector's <c>ClearPool</c> does not reach a data source's pool); SQLite clears Microsoft.Data.Sqlite's pool for the
    /// file, which every database open on that same file shares.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The database was disposed.</exception>
    Task ClearPoolAsync(CancellationToken cancellationToken = default);

    /// <summary>Each read replica's state: where it is (password hidden), whether it takes reads, its last error. Empty without replicas.</summary>
    IReadOnlyList<Replicas.ReplicaStatus> GetReplicaStatus();

    /// <summary>The resolved connection settings (password hidden by <see cref="ConnectionSettings.ToString"/>).</summary>
    ConnectionSettings Settings { get; }

    /// <summary>The database's events: connections, commands, transactions and migrations. Handlers run synchronously.</summary>
    Diagnostics.DatabaseEvents Events { get; }

    /// <summary>The state of the circuit breaker on opening connections (<see cref="DatabaseOptions.Resilience"/>).</summary>
    CircuitState CircuitState { get; }

    /// <summary>A snapshot of the query statistics per statement shape.</summary>
    /// <exception cref="InvalidOperationException">Statistics are off: set <see cref="DatabaseOptions.CollectStatistics"/> to collect them.</exception>
    Diagnostics.QueryStatisticsSnapshot GetStatistics();

    /// <summary>Forgets the query statistics collected so far.</summary>
    /// <exception cref="InvalidOperationException">Statistics are off: set <see cref="DatabaseOptions.CollectStatistics"/> to collect them.</exception>
    void ResetStatistics();
}
