using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Strata.Diagnostics;
using Strata.Errors;
using Strata.Providers;
using Strata.Transactions;

namespace Strata;

/// <summary>
/// One logical database, opened by URL: <c>await using var db = Database.Open("sqlite:app.db");</c>.
/// It owns the driver's data source and pool, and is itself a session, so queries run directly on it.
/// Inside <see cref="ISession.TransactionAsync(Func{Transaction, Task}, TransactionOptions?, CancellationToken)"/>
/// commands sent through the database join the ambient transaction.
/// </summary>
/// <remarks>
/// Thread-safe. Create one per connection target for the life of the application and dispose it at
/// shutdown: <see cref="DisposeAsync"/> refuses new work, waits for in-flight work (up to
/// <see cref="DatabaseOptions.DisposeTimeout"/>) and closes the pool.
/// </remarks>
public sealed class Database : SessionBase, IDatabase
{
    private readonly DatabaseDriver _driver;
    private readonly AsyncLocal<Transaction?> _ambient = new();
    private readonly TimeSpan _disposeTimeout;
    private readonly TimeProvider _timeProvider;
    private int _inFlight;
    private int _waiting;
    private int _peak;
    private volatile bool _closing;
    private int _disposed;
    private readonly Lazy<Migrations.Migrator> _migrator;
    private readonly Lazy<Modules.SchemaModules> _modules;
    private readonly Lazy<Seeding.Seeder> _seeder;

    private Database(DatabaseDriver driver, DatabaseOptions options, ConnectionSettings settings) : base(null)
    {
        _driver = driver;
        _disposeTimeout = options.DisposeTimeout;
        _timeProvider = options.TimeProvider;
        LoggerFactory = options.LoggerFactory;
        Plugins = new Plugins.PluginRegistry(options.Plugins);
        _migrator = new Lazy<Migrations.Migrator>(() => new Migrations.Migrator(this, options.Migrations));
        _modules = new Lazy<Modules.SchemaModules>(() => new Modules.SchemaModules(this, options.Modules, options.Migrations));
        _seeder = new Lazy<Seeding.Seeder>(() => new Seeding.Seeder(this, options.Seeds));
        Settings = settings;
        Telemetry = new DatabaseTelemetry(this, driver.Dialect, driver.Endpoint, settings, options);
        var timeout = settings.CommandTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : 30;
        Commands = new CommandPipeline(driver.Dialect, options, timeout, Telemetry);
    }

    /// <summary>Opens the database at <paramref name="url"/> (<c>sqlite:app.db</c>, <c>sqlite::memory:</c>, <c>postgres://…</c>, <c>mysql://…</c>, <c>mariadb://…</c>, <c>cockroachdb://…</c>).</summary>
    /// <param name="url">The database URL.</param>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed or its provider package is not referenced.</exception>
    /// <remarks>No connection is made until the first command (except for SQLite, which sets up its file at once).</remarks>
    public static Database Open(string url) => Open(new DatabaseOptions { Url = url });

    /// <summary>Opens the database described by <paramref name="options"/>.</summary>
    /// <param name="options">URL or connection string, pool, timeouts and diagnostics.</param>
    /// <exception cref="DatabaseConfigurationException">An option is missing, malformed or out of range; the message names it.</exception>
    public static Database Open(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.ToConnectionSettings();
        var provider = DatabaseProviders.Find(settings.Scheme);
        var driver = provider.CreateDriver(settings);
        return new Database(driver, options, settings);
    }

    /// <summary>The resolved connection settings (password hidden by <see cref="ConnectionSettings.ToString"/>).</summary>
    public ConnectionSettings Settings { get; }

    internal CommandPipeline Commands { get; }

    internal DatabaseTelemetry Telemetry { get; }

    /// <summary>
    /// The database's events: connections opened and failed, commands executed, failed and slow, transactions
    /// committed and rolled back, migrations completed and failed. See <see cref="DatabaseEvents"/>.
    /// </summary>
    public DatabaseEvents Events => Telemetry.Events;

    /// <summary>
    /// A snapshot of the query statistics: per statement shape (SQL as sent, <c>IN</c> lists of any length as one),
    /// runs, errors, error rate, average, 95th percentile and slowest duration. At most 1,000 statements are kept; the
    /// least recently used are dropped first.
    /// </summary>
    /// <exception cref="InvalidOperationException">Statistics are off: set <see cref="DatabaseOptions.CollectStatistics"/> to collect them.</exception>
    /// <remarks>Thread-safe; costs a copy of every kept statement, so call it for reports, not per request.</remarks>
    public QueryStatisticsSnapshot GetStatistics() => StatisticsOrThrow().Snapshot();

    /// <summary>Forgets the query statistics collected so far.</summary>
    /// <exception cref="InvalidOperationException">Statistics are off: set <see cref="DatabaseOptions.CollectStatistics"/> to collect them.</exception>
    public void ResetStatistics() => StatisticsOrThrow().Reset();

    private QueryStatistics StatisticsOrThrow() => Telemetry.Statistics
        ?? throw new InvalidOperationException($"Query statistics are off for {this}: set DatabaseOptions.CollectStatistics = true when opening the database to collect them.");

    internal TimeProvider TimeProvider => _timeProvider;

    internal Plugins.PluginRegistry Plugins { get; }

    internal Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; }

    /// <summary>The migrator configured by <see cref="DatabaseOptions.Migrations"/>: <c>await db.Migrator.UpAsync()</c>.</summary>
    public Migrations.Migrator Migrator => _migrator.Value;

    /// <summary>The modules configured by <see cref="DatabaseOptions.Modules"/>: <c>await db.Schemas.ApplyAsync()</c>, <c>db.Schemas.Get("core/auth")</c>.</summary>
    public Modules.SchemaModules Schemas => _modules.Value;

    /// <summary>The seeder configured by <see cref="DatabaseOptions.Seeds"/>: <c>await db.Seeder.SeedAsync("development")</c>.</summary>
    public Seeding.Seeder Seeder => _seeder.Value;

    internal DatabaseDriver Driver => _driver;

    /// <inheritdoc />
    public override Transaction? CurrentTransaction => _ambient.Value is { IsActive: true } tx ? tx : null;

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default) =>
        await ScalarAsync<int>($"SELECT 1", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// Busy and waiting are counted by Strata where connections are leased. Where the driver reports
    /// its pool, total and idle come from it; otherwise total is the most connections in use at once
    /// (which the driver keeps pooled until its idle timeout) and idle is total minus busy.
    /// </remarks>
    public PoolStatistics GetPoolStatistics()
    {
        var busy = Volatile.Read(ref _inFlight);
        var waiting = Volatile.Read(ref _waiting);
        if (_driver.GetPoolStatistics() is { } fromDriver) return fromDriver with { Waiting = Math.Max(fromDriver.Waiting, waiting) };
        var total = Math.Max(Volatile.Read(ref _peak), busy);
        return new PoolStatistics(total, total - busy, busy, waiting);
    }

    /// <summary>A description of the database with the password hidden.</summary>
    public override string ToString() => $"Database({Settings})";

    private protected override ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_ambient.Value is { IsActive: true } tx) return new ValueTask<Lease>(tx.Lease);
        return OpenLeaseAsync(cancellationToken);
    }

    private protected override ValueTask ReleaseAsync(Lease lease) => lease.Owned ? CloseLeaseAsync(lease) : default;

    internal async ValueTask<Lease> OpenLeaseAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        var busy = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _waiting);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var connection = await _driver.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            int peak;
            while (busy > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, busy, peak) != peak) { }
            Telemetry.ConnectionOpened(started);
            return new Lease(connection, null, Owned: true);
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            Interlocked.Decrement(ref _inFlight);
            var error = Pipeline.Translate(e, null);
            Telemetry.ConnectionFailed(started, error);
            throw error;
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    internal async ValueTask CloseLeaseAsync(Lease lease)
    {
        try
        {
            await lease.Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <inheritdoc />
    public override Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_ambient.Value is { IsActive: true } ambient) return ambient.TransactionAsync(work, options, cancellationToken);
        return RunTransactionAsync(work, options ?? TransactionOptions.Default, pinned: null, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a new top-level transaction, re-running it on transient failures as the
    /// options allow. The transaction is ambient while the work runs. With <paramref name="pinned"/> it runs on
    /// that session's connection, which stays open afterwards; otherwise on a connection of its own.
    /// </summary>
    internal Task<T> RunTransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions options, ConnectionSession? pinned, CancellationToken cancellationToken)
    {
        if (options.Retries <= 0) return RunOnceAsync(work, options, pinned, 1, cancellationToken);
        var attempts = new StrongBox<int>();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<DatabaseException>(e => e.IsTransient && e is not CommitOutcomeUnknownException),
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    Telemetry.Retrying(args.AttemptNumber + 1, options.Retries, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();
        return pipeline.ExecuteAsync(
            static async (state, token) => await state.db.RunOnceAsync(state.work, state.options, state.pinned, ++state.attempts.Value, token).ConfigureAwait(false),
            (db: this, work, options, pinned, attempts), cancellationToken).AsTask();
    }

    private async Task<T> RunOnceAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions options, ConnectionSession? pinned, int attempt, CancellationToken cancellationToken)
    {
        var tx = await BeginRootAsync(options, pinned, cancellationToken, attempt).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            var previous = _ambient.Value;
            _ambient.Value = tx;
            // The work's own spans (and the commands it sends) nest in the transaction's; this method's end undoes it.
            if (tx.Span is { } span) Activity.Current = span;
            try
            {
                var result = await work(tx).ConfigureAwait(false);
                if (tx.IsActive) await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception e)
            {
                tx.RecordFailure(e);
                throw;
            }
            finally
            {
                _ambient.Value = previous;
            }
        }
    }

    /// <inheritdoc />
    public override Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_ambient.Value is { IsActive: true } ambient) return ambient.BeginTransactionAsync(options, cancellationToken);
        return BeginRootAsync(options ?? TransactionOptions.Default, pinned: null, cancellationToken);
    }

    /// <summary>
    /// Opens a session that keeps one connection until it is disposed, so that session state set by one
    /// command (<c>SET</c>, <c>PRAGMA</c>, advisory locks, temporary tables) is there for the next.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the connection.</param>
    /// <returns>The session; dispose it to return the connection to the pool.</returns>
    /// <exception cref="ConnectionFailureException">No connection could be opened.</exception>
    /// <remarks>
    /// The connection counts as busy for the session's whole life. The pool may reset session state when the
    /// connection is returned, but not before: undo what must not outlive the session before disposing it.
    /// </remarks>
    public async Task<ConnectionSession> OpenSessionAsync(CancellationToken cancellationToken = default)
    {
        var lease = await OpenLeaseAsync(cancellationToken).ConfigureAwait(false);
        return new ConnectionSession(this, lease);
    }

    /// <summary>Starts a top-level transaction on the pinned session's connection, or on a newly leased one.</summary>
    internal async Task<Transaction> BeginRootAsync(TransactionOptions options, ConnectionSession? pinned, CancellationToken cancellationToken, int attempt = 1)
    {
        var span = Telemetry.StartTransaction(null, options, attempt);
        var started = Stopwatch.GetTimestamp();
        Lease lease;
        try
        {
            lease = pinned is null ? await OpenLeaseAsync(cancellationToken).ConfigureAwait(false) : pinned.Lease;
        }
        catch (Exception e) when (span is not null)
        {
            StrataTracing.Fail(span, e);
            throw;
        }
        try
        {
            var transaction = await _driver.Dialect.BeginTransactionAsync(lease.Connection, options, cancellationToken).ConfigureAwait(false);
            var tx = new Transaction(this, lease with { Transaction = transaction }, options, closesConnection: pinned is null,
                trace: new TransactionTrace(span, started, attempt));
            pinned?.Track(tx);
            return tx;
        }
        catch (Exception e)
        {
            if (pinned is null) await CloseLeaseAsync(lease).ConfigureAwait(false);
            var error = CommandPipeline.IsDriverError(e) ? Pipeline.Translate(e, "BEGIN") : e;
            if (span is not null) StrataTracing.Fail(span, error);
            if (!ReferenceEquals(error, e)) throw error;
            throw;
        }
    }

    /// <summary>
    /// Refuses new work, waits for in-flight commands and transactions (up to
    /// <see cref="DatabaseOptions.DisposeTimeout"/>), then closes the driver's data source and pool.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _closing = true;
        var deadline = _timeProvider.GetTimestamp();
        while (Volatile.Read(ref _inFlight) > 0 && _timeProvider.GetElapsedTime(deadline) < _disposeTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), _timeProvider).ConfigureAwait(false);
        }
        await _driver.DisposeAsync().ConfigureAwait(false);
        Telemetry.Dispose();
    }
}
