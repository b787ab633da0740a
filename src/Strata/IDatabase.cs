using Strata.Providers;

namespace Strata;

/// <summary>One logical database: a session plus what belongs to the database as a whole.</summary>
/// <remarks>Thread-safe; keep one per connection target for the life of the application.</remarks>
public interface IDatabase : ISession, IAsyncDisposable
{
    /// <summary>The transaction the current async flow runs in (inside <see cref="ISession.TransactionAsync(Func{Transaction, Task}, Transactions.TransactionOptions?, CancellationToken)"/>), or null.</summary>
    Transaction? CurrentTransaction { get; }

    /// <summary>Opens a connection and runs a trivial query.</summary>
    /// <param name="cancellationToken">Cancels the ping.</param>
    /// <exception cref="Errors.ConnectionFailureException">The database cannot be reached.</exception>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>A snapshot of the connection pool.</summary>
    PoolStatistics GetPoolStatistics();
}
