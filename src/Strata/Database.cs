using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Strata.Diagnostics;
using Strata.Providers;
using Strata.Replicas;

namespace Strata;

/// <summary>
/// One logical database, opened by URL: <c>await using var db = Database.Open("sqlite:app.db");</c>.
/// It owns the driver's data source and pool, and is itself a session, so queries run directly on it.
/// Inside <see cref="IDbSession.TransactionAsync(Func{Transaction, Task}, TransactionOptions?, CancellationToken)"/>
/// commands sent through the database join the ambient transaction.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. Create one per connection target for the life of the application and dispose it at
/// shutdown: <see cref="DisposeAsync"/> refuses new work, waits for in-flight work (up to
/// <see cref="DatabaseOptions.DisposeTimeout"/>) and closes the pool.
/// </para>
/// <para>
/// With <see cref="DatabaseOptions.Replicas"/>, a read goes to a healthy replica in turn: a command run through
/// <c>QueryAsync</c>, <c>QueryFirstOrDefaultAsync</c>, <c>QuerySingleAsync</c>, <c>ScalarAsync</c>, <c>StreamAsync</c> or
/// <c>QueryMultipleAsync</c> (and so the query builder's reads) whose SQL the dialect calls a read
/// (<see cref="Dialects.SqlDialect.IsReadStatement"/>: <c>SELECT</c>/<c>WITH</c>/<c>SHOW</c>/<c>VALUES</c> without row
/// locks, <c>INTO</c> or data-modifying words), outside a transaction. Everything else goes to the primary: other SQL,
/// <c>ExecuteAsync</c>, <c>PrepareAsync</c>, bulk inserts, transactions and all inside them,
/// <see cref="OpenSessionAsync"/> sessions, reads through <see cref="IDbSession.OnPrimary"/>, and reads in an async flow
/// that wrote less than <see cref="DatabaseOptions.ReadYourWritesWindow"/> ago. A replica whose connection fails is
/// taken out of rotation and the read runs again on another replica or the primary; a background probe puts it back
/// once it answers (<see cref="DatabaseOptions.ReplicaProbeDelay"/>, <see cref="GetReplicaStatus"/>).
/// </para>
/// </remarks>
public sealed class Database : SessionBase, IDatabase
{
    private readonly DatabaseDriver _driver;
    private readonly ReplicaSet? _replicas;
    private int _replicaBusy;
    private readonly AsyncLocal<Transaction?> _ambient = new();
    private readonly TimeSpan _disposeTimeout;
    private readonly TimeProvider _timeProvider;
    private int _inFlight;
    private int _waiting;
    private int _peak;
    private volatile bool _closing;
    private int _disposed;
    private readonly Lazy<Migrator> _migrator;
    private readonly Lazy<Modules.SchemaModules> _modules;
    private readonly Lazy<Seeder> _seeder;
    private readonly Resilience.ConnectionGuard? _guard;

    private Database(DatabaseDriver driver, ReplicaSet? replicas, DatabaseOptions options, ConnectionSettings settings) : base(null)
    {
        _driver = driver;
        _replicas = replicas;
        _disposeTimeout = options.DisposeTimeout;
        _timeProvider = options.TimeProvider;
        LoggerFactory = options.LoggerFactory;
        Options = options;
        Plugins = new Plugins.PluginRegistry(options.Plugins);
        _migrator = new Lazy<Migrator>(() => new Migrator(this, options.Migrations));
        _modules = new Lazy<Modules.SchemaModules>(() => new Modules.SchemaModules(this, options.Modules, options.Migrations));
        _seeder = new Lazy<Seeder>(() => new Seeder(this, options.Seeds));
        Settings = settings;
        Telemetry = new DatabaseTelemetry(this, driver.Dialect, driver.Endpoint, settings, options);
        var timeout = settings.CommandTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : 30;
        Commands = new CommandPipeline(driver.Dialect, options, timeout, Telemetry);
        Writes = new Caching.WriteTracker(this, options.QueryCache, Telemetry.Logger);
        if (options.Resilience is not { OpenRetries: 0, CircuitBreaker: false })
        {
            var logger = options.LoggerFactory?.CreateLogger("Strata.Resilience");
            // A breaker that opens means the server went away: its pooled connections are dead too.
            _guard = new Resilience.ConnectionGuard(options.Resilience, _timeProvider, logger, settings.ToString(), driver.Dialect.Name,
                state => { if (state == CircuitState.Open) _driver.ClearPool(); }, driver.OpenTimeout);
        }
    }

    /// <summary>Opens the database at <paramref name="url"/> (<c>sqlite:app.db</c>, <c>sqlite::memory:</c>, <c>postgres://…</c>, <c>mysql://…</c>, <c>mariadb://…</c>, <c>cockroachdb://…</c>).</summary>
    /// <param name="url">The database URL.</param>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed or its provider package is not referenced.</exception>
    /// <remarks>No connection is made until the first command (except for SQLite, which sets up its file at once).</remarks>
    public static Database Open(string url) => Open(new DatabaseOptions { Url = url });

    /// <summary>Opens the database described by <paramref name="options"/>.</summary>
    /// <param name="options">URL or connection string, pool, timeouts and diagnostics.</param>
    /// <exception cref="DatabaseConfigurationException">An option is missing, malformed or out of range, or a replica is not usable; the message names it.</exception>
    /// <remarks>Each replica gets a driver and pool of its own, built by the primary's provider; none connects before its first read.</remarks>
    public static Database Open(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.ToConnectionSettings();
        var provider = DatabaseProviders.Find(settings.Scheme);
        var replicaSettings = options.ToReplicaSettings(settings);
        var driver = provider.CreateDriver(settings);
        ReplicaSet? replicas;
        try
        {
            replicas = ReplicaSet.Create(provider, driver, replicaSettings, options);
        }
        catch
        {
            driver.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        if (options.SqliteFileOrigin is { } origin && settings.FilePath is { } file && !settings.IsInMemory)
            Diagnostics.OpeningLog.SqliteFileChosen(options.LoggerFactory, file, origin);
        return new Database(driver, replicas, options, settings);
    }

    /// <summary>The resolved connection settings (password hidden by <see cref="ConnectionSettings.ToString"/>).</summary>
    public ConnectionSettings Settings { get; }

    internal CommandPipeline Commands { get; }

    internal DatabaseTelemetry Telemetry { get; }

    /// <summary>Follows the tables writes touch, for the query cache and <see cref="DatabaseEvents.TablesWritten"/>.</summary>
    internal Caching.WriteTracker Writes { get; }

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

    /// <summary>The options the database was opened with (read for its migration and module table names).</summary>
    internal DatabaseOptions Options { get; }

    /// <summary>The migrator configured by <see cref="DatabaseOptions.Migrations"/>: <c>await db.Migrator.UpAsync()</c>.</summary>
    public Migrator Migrator => _migrator.Value;

    /// <summary>The modules configured by <see cref="DatabaseOptions.Modules"/>: <c>await db.Schemas.ApplyAsync()</c>, <c>db.Schemas.Get("core/auth")</c>.</summary>
    public Modules.SchemaModules Schemas => _modules.Value;

    /// <summary>The seeder configured by <see cref="DatabaseOptions.Seeds"/>: <c>await db.Seeder.SeedAsync("development")</c>.</summary>
    public Seeder Seeder => _seeder.Value;

    internal DatabaseDriver Driver => _driver;

    /// <summary>The read replicas, or null when there are none.</summary>
    internal ReplicaSet? Replicas => _replicas;

    private protected override bool ReadsMayUseReplica => true;

    /// <inheritdoc />
    public override Transaction? CurrentTransaction => _ambient.Value is { IsActive: true } tx ? tx : null;

    /// <summary>
    /// Makes <paramref name="transaction"/>, begun with <see cref="BeginTransactionAsync"/>, the current transaction of the caller's
    /// async flow until the returned scope is disposed: commands, repositories, models and <c>TransactionAsync</c> calls on this
    /// database in that flow then join it (the latter as savepoints), as they do inside <c>TransactionAsync</c>. For test
    /// frameworks whose set-up cannot wrap the test in a delegate (Strata.Testing's per-test rollback).
    /// </summary>
    /// <param name="transaction">An active top-level transaction of this database.</param>
    /// <returns>A scope whose disposal puts back the flow's previous transaction; it neither commits nor rolls back.</returns>
    /// <remarks>
    /// Synchronous on purpose: an async-local value set in a synchronous method reaches the code that runs after it in the same
    /// flow, whereas one set inside an <c>async</c> method is undone when that method returns.
    /// </remarks>
    /// <exception cref="ArgumentException">The transaction belongs to another database, or is a savepoint.</exception>
    /// <exception cref="InvalidOperationException">The transaction has ended.</exception>
    public IDisposable UseTransaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!ReferenceEquals(transaction.Owner, this) || transaction.Parent is not null)
            throw new ArgumentException("UseTransaction takes a top-level transaction begun on this same database with BeginTransactionAsync.", nameof(transaction));
        if (!transaction.IsActive)
            throw new InvalidOperationException("UseTransaction was given a transaction that has already committed or rolled back: begin a new one.");
        var previous = _ambient.Value;
        _ambient.Value = transaction;
        return new AmbientScope(_ambient, transaction, previous);
    }

    /// <summary>Puts back the flow's previous ambient transaction, unless another has replaced this one since.</summary>
    private sealed class AmbientScope(AsyncLocal<Transaction?> ambient, Transaction transaction, Transaction? previous) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(ambient.Value, transaction)) ambient.Value = previous;
        }
    }

    /// <inheritdoc />
    /// <remarks>Pings the primary, never a replica (<see cref="GetReplicaStatus"/> reports those).</remarks>
    public async Task PingAsync(CancellationToken cancellationToken = default) =>
        await OnPrimary().ScalarAsync<int>($"SELECT 1", cancellationToken).ConfigureAwait(false);

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

    /// <inheritdoc />
    public async Task ClearPoolAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        var replicas = _replicas?.ClearPoolsAsync(cancellationToken) ?? Task.CompletedTask;
        await _driver.ClearPoolAsync(cancellationToken).ConfigureAwait(false);
        await replicas.ConfigureAwait(false);
    }

    /// <summary>
    /// The state of the circuit breaker on opening connections (<see cref="DatabaseOptions.Resilience"/>): while it is
    /// <see cref="CircuitState.Open"/>, calls that need a new connection fail at once with <see cref="DatabaseUnavailableException"/>.
    /// </summary>
    public CircuitState CircuitState => _guard?.State ?? CircuitState.Closed;

    /// <summary>Each read replica's state: where it is (password hidden), whether it takes reads, the type of its last error, and its pool.</summary>
    /// <remarks>A snapshot; thread-safe. Empty when the database has no replicas.</remarks>
    public IReadOnlyList<ReplicaStatus> GetReplicaStatus() => _replicas?.Status() ?? [];

    /// <summary>A description of the database with the password hidden.</summary>
    public override string ToString() => $"Database({Settings})";

    private protected override ValueTask<Lease> AcquireAsync(CommandRoute route, CancellationToken cancellationToken)
    {
        if (_ambient.Value is { IsActive: true } tx) return new ValueTask<Lease>(tx.Lease);
        if (route == CommandRoute.Replica && _replicas is not null) return OpenReplicaLeaseAsync(_replicas, cancellationToken);
        return OpenLeaseAsync(cancellationToken);
    }

    /// <summary>
    /// A connection to the next healthy replica; one that cannot be opened takes its replica out of rotation (one whose pool
    /// is full is only passed over), and the primary serves when none is left.
    /// </summary>
    private async ValueTask<Lease> OpenReplicaLeaseAsync(ReplicaSet replicas, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        for (var attempt = 0; attempt < replicas.Count && replicas.Next() is { } replica; attempt++)
        {
            Interlocked.Increment(ref _replicaBusy);
            try
            {
                var connection = await replica.Driver.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return new Lease(connection, null, Owned: true, replica);
            }
            catch (Exception e) when (CommandPipeline.IsDriverError(e) || e is DatabaseException)
            {
                Interlocked.Decrement(ref _replicaBusy);
                var error = Pipeline.Translate(e, null);
                // A full pool is the replica busy with other reads: the read goes elsewhere, and the replica stays in rotation.
                if (error is not PoolExhaustedException) replicas.ReportFailure(replica, error);
            }
            catch
            {
                Interlocked.Decrement(ref _replicaBusy);
                throw;
            }
        }
        return await OpenLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override ValueTask ReleaseAsync(Lease lease) => lease.Owned ? CloseLeaseAsync(lease) : default;

    internal ValueTask<Lease> OpenLeaseAsync(CancellationToken cancellationToken) => OpenLeaseAsync(unpooled: false, cancellationToken);

    /// <summary>A primary connection, from the pool or (<paramref name="unpooled"/>) one that is closed for good when the lease ends.</summary>
    internal async ValueTask<Lease> OpenLeaseAsync(bool unpooled, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        var busy = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _waiting);
        // Only the first open after a (re)connection reports its time (DatabaseTelemetry.ConnectionOpened).
        var started = Telemetry.Connected ? 0 : Stopwatch.GetTimestamp();
        try
        {
            var connection = _guard is null
                ? await OpenPrimaryAsync((this, unpooled), cancellationToken).ConfigureAwait(false)
                : await _guard.OpenAsync(OpenPrimaryAsync, (this, unpooled), cancellationToken).ConfigureAwait(false);
            int peak;
            while (busy > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, busy, peak) != peak) { }
            Telemetry.ConnectionOpened(started);
            return new Lease(connection, null, Owned: true);
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

    /// <summary>
    /// One attempt at opening a primary connection; a failure is translated and reported, and clears the pool when the
    /// server is unreachable. A full pool (<see cref="PoolExhaustedException"/>) clears nothing, and the breaker does not
    /// count it as a failure: it is not a <see cref="ConnectionFailureException"/>.
    /// </summary>
    private static async ValueTask<DbConnection> OpenPrimaryAsync((Database Db, bool Unpooled) target, CancellationToken cancellationToken)
    {
        var db = target.Db;
        // The clock is read for the failure's report only when the open waits: a pooled connection handed over at once never
        // reads it, and one that fails at once is reported as taking no time.
        var started = 0L;
        try
        {
            var opening = target.Unpooled ? db._driver.OpenUnpooledConnectionAsync(cancellationToken) : db._driver.OpenConnectionAsync(cancellationToken);
            if (opening.IsCompletedSuccessfully) return opening.Result;
            started = Stopwatch.GetTimestamp();
            return await opening.ConfigureAwait(false);
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e) || e is DatabaseException)
        {
            var error = db.Pipeline.Translate(e, null);
            db.Telemetry.ConnectionFailed(started, error);
            if (error is ConnectionFailureException { IsTransient: true }) db._driver.ClearPool();
            throw error;
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
            Interlocked.Decrement(ref lease.Replica is null ? ref _inFlight : ref _replicaBusy);
        }
    }

    /// <summary>Starts the read-your-writes mark of a transaction about to begin in the caller's flow; null when reads are not tracked or it is read-only.</summary>
    internal FlowMark? BeginTransactionMark(TransactionOptions options) => options.ReadOnly ? null : ReplicaRouting.BeginWrite(this);

    /// <summary>Ends a write mark begun for this database.</summary>
    internal void EndWrite(FlowMark mark) => _replicas!.ReadYourWrites!.EndWrite(mark);

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
        var mark = BeginTransactionMark(options);
        return ReplicaRouting.AsWrite(this, mark, RunWithRetriesAsync(work, options, pinned, cancellationToken));
    }

    private Task<T> RunWithRetriesAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions options, ConnectionSession? pinned, CancellationToken cancellationToken)
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
        var tx = await BeginRootAsync(options, pinned, writeMark: null, cancellationToken, attempt).ConfigureAwait(false);
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
        options ??= TransactionOptions.Default;
        return BeginRootAsync(options, pinned: null, BeginTransactionMark(options), cancellationToken);
    }

    /// <summary>
    /// Opens a session that keeps one connection until it is disposed, so that session state set by one
    /// command (<c>SET</c>, <c>PRAGMA</c>, advisory locks, temporary tables) is there for the next.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the connection.</param>
    /// <returns>The session; dispose it to return the connection to the pool.</returns>
    /// <exception cref="ConnectionFailureException">No connection could be opened.</exception>
    /// <remarks>
    /// The connection counts as busy for the session's whole life. The pool may reset session state once the connection
    /// is returned (Npgsql does; on MySQL/MariaDB only with <c>connection_reset=true</c>), but not before: undo what must not
    /// outlive the session before disposing it.
    /// </remarks>
    public async Task<ConnectionSession> OpenSessionAsync(CancellationToken cancellationToken = default)
    {
        var lease = await OpenLeaseAsync(cancellationToken).ConfigureAwait(false);
        return new ConnectionSession(this, lease);
    }

    /// <summary>
    /// A session on a connection outside the pool (<see cref="DatabaseDriver.OpenUnpooledConnectionAsync"/>): disposing it
    /// closes the connection, so session state such as an advisory lock ends with it even when undoing it failed.
    /// </summary>
    internal async Task<ConnectionSession> OpenUnpooledSessionAsync(CancellationToken cancellationToken)
    {
        var lease = await OpenLeaseAsync(unpooled: true, cancellationToken).ConfigureAwait(false);
        return new ConnectionSession(this, lease);
    }

    /// <summary>
    /// Starts a top-level transaction on the pinned session's connection, or on a newly leased one. The transaction
    /// ends <paramref name="writeMark"/> (begun by the caller, in its own flow) when it commits or is disposed.
    /// </summary>
    internal async Task<Transaction> BeginRootAsync(TransactionOptions options, ConnectionSession? pinned, FlowMark? writeMark, CancellationToken cancellationToken,
        int attempt = 1)
    {
        var span = Telemetry.StartTransaction(null, options, attempt);
        var started = Stopwatch.GetTimestamp();
        Lease lease;
        try
        {
            lease = pinned is null ? await OpenLeaseAsync(cancellationToken).ConfigureAwait(false) : pinned.Lease;
        }
        catch (Exception e)
        {
            if (writeMark is not null) EndWrite(writeMark);
            if (span is not null) StrataTracing.Fail(span, e);
            throw;
        }
        try
        {
            var transaction = await _driver.Dialect.BeginTransactionAsync(lease.Connection, options, cancellationToken).ConfigureAwait(false);
            var tx = new Transaction(this, lease with { Transaction = transaction }, options, closesConnection: pinned is null,
                trace: new TransactionTrace(span, started, attempt), writeMark: writeMark);
            pinned?.Track(tx);
            return tx;
        }
        catch (Exception e)
        {
            if (writeMark is not null) EndWrite(writeMark);
            if (pinned is null) await CloseLeaseAsync(lease).ConfigureAwait(false);
            var error = CommandPipeline.IsDriverError(e) ? Pipeline.Translate(e, "BEGIN") : e;
            if (span is not null) StrataTracing.Fail(span, error);
            if (!ReferenceEquals(error, e)) throw error;
            throw;
        }
    }

    /// <summary>
    /// Refuses new work, waits for in-flight commands and transactions (up to
    /// <see cref="DatabaseOptions.DisposeTimeout"/>), then stops the replica probes and closes the driver's data
    /// sources and pools (the primary's and each replica's).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _closing = true;
        var deadline = _timeProvider.GetTimestamp();
        while (Volatile.Read(ref _inFlight) + Volatile.Read(ref _replicaBusy) > 0 && _timeProvider.GetElapsedTime(deadline) < _disposeTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), _timeProvider).ConfigureAwait(false);
        }
        try
        {
            if (_replicas is not null) await _replicas.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _driver.DisposeAsync().ConfigureAwait(false);
            Telemetry.Dispose();
        }
    }
}
