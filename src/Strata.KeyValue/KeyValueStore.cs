using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// An embedded key-value store on RocksDB in one directory: the namespace <c>default</c> (this object's own reads and
/// writes), other namespaces (<see cref="Namespace"/>), atomic batches, optimistic transactions, snapshots, expiring keys,
/// counters and versioned migrations. Open it once per directory with <see cref="Open(string)"/>
/// (<c>KeyValueStore.Open("rocksdb:data/kv")</c>) and share it: it is thread-safe. Dispose it to close the database.
/// </summary>
/// <remarks>
/// <para>
/// One process at a time may open a directory (RocksDB's <c>LOCK</c> file): a second open, from another process or this
/// one, fails with <see cref="KeyValueStoreLockedException"/>. Every call runs synchronously on the caller's thread (see
/// <see cref="KeyValueReader"/> for why and what it costs), except <see cref="CompactAsync"/>.
/// </para>
/// <para>
/// Disposing waits (up to <see cref="KeyValueOptions.DisposeTimeout"/>) for calls running on other threads, ends open
/// scans, snapshots and transactions (rolled back), flushes the write-ahead log when <see cref="KeyValueOptions.Sync"/> is
/// off, and closes the database, releasing the lock.
/// </para>
/// </remarks>
public sealed partial class KeyValueStore : KeyValueNamespace, IAsyncDisposable, IDisposable
{
    /// <summary>The <c>db.system.name</c> of the store's telemetry and the <see cref="DatabaseException.Dialect"/> of its errors.</summary>
    public const string SystemName = "rocksdb";

    private readonly ConcurrentDictionary<string, ColumnFamily> _families;
    private readonly ConcurrentDictionary<string, KeyValueNamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _familyLock = new();
    private readonly Lock[] _counterLocks = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];
    private readonly ILogger _logger;
    private readonly ITimer? _syncTimer;
    private readonly StoreInstruments _instruments;
    private KeyValueMigrator? _migrator;
    private int _disposed;

    private KeyValueStore(KeyValueOptions options, string path, OpenedStore opened, ILogger logger)
        : base(null, opened.Families["default"], new DatabaseSource(opened.Handle))
    {
        Options = options;
        Path = path;
        Handle = opened.Handle;
        Created = opened.Created;
        _families = new ConcurrentDictionary<string, ColumnFamily>(opened.Families, StringComparer.Ordinal);
        _logger = logger;
        Time = options.TimeProvider;
        _instruments = new StoreInstruments(this);
        if (!options.Sync && options.SyncInterval is { } interval)
            _syncTimer = Time.CreateTimer(static state => ((KeyValueStore)state!).SyncWriteAheadLog(), this, interval, interval);
    }

    /// <summary>The options the store was opened with.</summary>
    public KeyValueOptions Options { get; }

    /// <summary>The store's directory, as a full path.</summary>
    public string Path { get; }

    /// <summary>True when this open created the store (the directory was missing or empty).</summary>
    public bool Created { get; }

    /// <summary>True once the store is disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The names of the namespaces, <c>default</c> first, then in the order they were created.</summary>
    public IReadOnlyList<string> NamespaceNames =>
        ["default", .. _families.Keys.Where(n => n != "default" && !IsReserved(n)).Order(StringComparer.Ordinal)];

    /// <summary>Runs this store's migrations (<see cref="KeyValueOptions.MigrationAssemblies"/> and <see cref="KeyValueOptions.MigrationTypes"/>).</summary>
    public KeyValueMigrator Migrator => _migrator ??= new KeyValueMigrator(this);

    internal StoreHandle Handle { get; }

    internal ChildRegistry Children { get; } = new();

    internal TimeProvider Time { get; }

    internal ILogger Logger => _logger;

    /// <summary>Serialises this store's migration runs.</summary>
    internal SemaphoreSlim MigrationGate { get; } = new(1, 1);

    /// <summary>Opens (or creates) the store a <c>rocksdb:</c> URL names (see <see cref="KeyValueOptions.Parse"/>).</summary>
    /// <param name="url">The URL, e.g. <c>rocksdb:data/kv?sync=true</c>.</param>
    /// <returns>The open store; dispose it to close it.</returns>
    /// <exception cref="DatabaseConfigurationException">The URL or an option in it is invalid.</exception>
    /// <exception cref="KeyValueStoreLockedException">Another process, or this one, has the directory open.</exception>
    /// <exception cref="KeyValueStoreAccessException">The path is a file, or the directory cannot be read or written.</exception>
    /// <exception cref="KeyValueStoreFormatException">The directory holds something other than a Strata store.</exception>
    /// <exception cref="KeyValueStoreCorruptedException">The store's files are damaged.</exception>
    public static KeyValueStore Open(string url) => Open(KeyValueOptions.Parse(url));

    /// <summary>Opens (or creates) the store <paramref name="options"/> describe, after validating them.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The open store; dispose it to close it.</returns>
    /// <exception cref="DatabaseConfigurationException">An option is missing or invalid (the message names it).</exception>
    /// <exception cref="KeyValueStoreLockedException">Another process, or this one, has the directory open.</exception>
    /// <exception cref="KeyValueStoreAccessException">The path is a file, or the directory cannot be read or written.</exception>
    /// <exception cref="KeyValueStoreFormatException">The directory holds something other than a Strata store.</exception>
    /// <exception cref="KeyValueStoreCorruptedException">The store's files are damaged.</exception>
    /// <remarks>Nothing in the directory is changed when opening fails. Opening replays the write-ahead log, which may take a moment after a crash.</remarks>
    public static KeyValueStore Open(KeyValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = System.IO.Path.GetFullPath(options.Path!);
        var started = Stopwatch.GetTimestamp();
        var logger = options.LoggerFactory?.CreateLogger("Strata.KeyValue") ?? NullLogger.Instance;
        var rocksLogger = options.LoggerFactory?.CreateLogger("Strata.KeyValue.RocksDb") ?? NullLogger.Instance;
        var opened = StoreOpener.Open(options, path, rocksLogger);
        var store = new KeyValueStore(options, path, opened, logger);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var names = string.Join(", ", store.NamespaceNames);
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            KeyValueLog.Opened(logger, path, opened.Created ? "created" : "existing", options.Sync, names, elapsed);
        }
        return store;
    }

    /// <summary>
    /// The namespace named <paramref name="name"/>, created (empty) when it does not exist yet; <c>default</c> is this store.
    /// Cheap after the first call for a name.
    /// </summary>
    /// <param name="name">Letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, starting with a letter or digit, at most 100 characters.</param>
    /// <exception cref="ArgumentException">The name is invalid (names starting with <c>_</c> are reserved for Strata).</exception>
    /// <exception cref="DatabaseException">RocksDB could not create the column family.</exception>
    public KeyValueNamespace Namespace(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "default") return this;
        if (!NamespaceName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid namespace name: use letters, digits, '_', '-' and '.', starting with a letter or digit, at most 100 characters.", nameof(name));
        return GetOrCreate(name);
    }

    /// <summary>Deletes the namespace <paramref name="name"/> and every key in it; does nothing when it does not exist.</summary>
    /// <param name="name">The namespace; <c>default</c> cannot be dropped.</param>
    /// <param name="cancellationToken">Checked before the work.</param>
    /// <exception cref="ArgumentException">The name is <c>default</c> or invalid.</exception>
    /// <remarks>Objects already holding the namespace refuse further use; scans already running on it finish. Its disk space is freed in the background.</remarks>
    public ValueTask DropNamespaceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "default" || !NamespaceName().IsMatch(name))
            throw new ArgumentException(name == "default" ? "The namespace 'default' is the store's own and cannot be dropped." : $"'{name}' is not a valid namespace name.", nameof(name));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfDisposed();
            lock (_familyLock)
            {
                if (!_families.TryGetValue(name, out var family)) return default;
                Handle.Enter();
                try
                {
                    Native.Instance.rocksdb_drop_column_family(Handle.BaseDb, family.Handle, out var error);
                    if (error != IntPtr.Zero) throw KeyValueErrors.Translate(RocksStatus.From(error), Path, name, "drop namespace");
                }
                finally
                {
                    Handle.Exit();
                }
                family.Dropped = true;
                _families.TryRemove(name, out _);
                _namespaces.TryRemove(name, out _);
            }
            KeyValueLog.NamespaceDropped(_logger, Path, name);
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>
    /// A consistent read-only view of every namespace as of now (see <see cref="KeyValueSnapshot"/>). Dispose it when done:
    /// while it lives, RocksDB keeps the versions it sees.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public KeyValueSnapshot CreateSnapshot()
    {
        ThrowIfDisposed();
        return KeyValueSnapshot.Create(this);
    }

    /// <summary>
    /// Begins an optimistic transaction (see <see cref="KeyValueTransaction"/>); commit it with
    /// <see cref="KeyValueTransaction.CommitAsync"/> and dispose it. Prefer <see cref="TransactionAsync{T}"/>, which also retries.
    /// </summary>
    /// <param name="options">
    /// <see cref="TransactionOptions.ReadOnly"/> refuses writes; <see cref="TransactionOptions.Isolation"/> may be left unset or be
    /// <c>Snapshot</c> (what it is); retries apply only to <see cref="TransactionAsync{T}"/>.
    /// </param>
    /// <exception cref="ArgumentException">An option the key-value store cannot honour is set (the message names it).</exception>
    public KeyValueTransaction BeginTransaction(TransactionOptions? options = null)
    {
        options ??= TransactionOptions.Default;
        TransactionRunner.Check(options);
        ThrowIfDisposed();
        return KeyValueTransaction.Begin(this, options.ReadOnly, null);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in an optimistic transaction and commits it (unless the work ended it): all its writes
    /// or none. On a conflict (<see cref="SerializationFailureException"/>) the whole delegate runs again in a new
    /// transaction, up to <see cref="TransactionOptions.Retries"/> times, with exponential backoff and jitter; an
    /// exception from the work rolls the transaction back and is rethrown.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="work">The work; may run several times, so it must not have effects outside the transaction that cannot be repeated.</param>
    /// <param name="options">Retries and backoff; <see cref="TransactionOptions.ReadOnly"/>. See <see cref="BeginTransaction"/> for what else is allowed.</param>
    /// <param name="cancellationToken">Cancels between attempts and before the commit.</param>
    /// <returns>The work's result from the attempt that committed.</returns>
    /// <exception cref="SerializationFailureException">The last attempt conflicted too.</exception>
    /// <exception cref="ArgumentException">An option the key-value store cannot honour is set.</exception>
    public Task<T> TransactionAsync<T>(Func<KeyValueTransaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        options ??= TransactionOptions.Default;
        TransactionRunner.Check(options);
        ThrowIfDisposed();
        return TransactionRunner.RunAsync(this, work, options, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in an optimistic transaction, as <see cref="TransactionAsync{T}"/> does.</summary>
    /// <param name="work">The work; may run several times.</param>
    /// <param name="options">Retries and backoff.</param>
    /// <param name="cancellationToken">Cancels between attempts and before the commit.</param>
    /// <exception cref="SerializationFailureException">The last attempt conflicted too.</exception>
    public Task TransactionAsync(Func<KeyValueTransaction, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionAsync(async tx =>
        {
            await work(tx).ConfigureAwait(false);
            return true;
        }, options, cancellationToken);
    }

    /// <summary>What RocksDB reports about the store now (sizes, memtables, compactions, errors).</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public KeyValueStatistics GetStatistics()
    {
        ThrowIfDisposed();
        return KeyValueStatistics.Read(Handle, [.. _families.Values]);
    }

    /// <summary>
    /// Checks the store: a read of its own metadata (timed), RocksDB's background errors and write stalls, and pending
    /// migrations. Unhealthy when the store is closed, the read fails, a background error occurred or writes are stopped;
    /// degraded when the read is slow, writes are being slowed, or migrations are pending.
    /// </summary>
    /// <param name="options">Thresholds (<see cref="DatabaseHealthOptions.DegradedRoundTrip"/>, <see cref="DatabaseHealthOptions.CheckMigrations"/>); the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report; never throws for an unhealthy store.</returns>
    public Task<KeyValueHealthReport> CheckHealthAsync(DatabaseHealthOptions? options = null, CancellationToken cancellationToken = default) =>
        StoreHealth.CheckAsync(this, options ?? DatabaseHealthOptions.Default, cancellationToken);

    /// <summary>
    /// Compacts every namespace now: rewrites the table files, dropping deleted and expired keys and reclaiming their space.
    /// Runs on a thread-pool thread (it can take seconds or more on a large store); RocksDB also compacts in the
    /// background on its own, so call this only to reclaim space at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels before it starts (a compaction that has started runs to its end).</param>
    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.Run(() =>
        {
            Handle.Enter();
            try
            {
                foreach (var family in _families.Values.Where(f => !f.Dropped))
                    Native.Instance.rocksdb_compact_range_cf(Handle.BaseDb, family.Handle, IntPtr.Zero, UIntPtr.Zero, IntPtr.Zero, UIntPtr.Zero);
            }
            finally
            {
                Handle.Exit();
            }
        }, cancellationToken);
    }

    /// <summary>Closes the store (see the remarks of <see cref="KeyValueStore"/>); waits for calls running on other threads up to <see cref="KeyValueOptions.DisposeTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        var released = Close();
        if (released.IsCompleted) return;
        try
        {
            await released.WaitAsync(Options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            KeyValueLog.CloseTimedOut(_logger, Path, (long)Options.DisposeTimeout.TotalMilliseconds);
        }
    }

    /// <summary>Closes the store, blocking until calls running on other threads end (up to <see cref="KeyValueOptions.DisposeTimeout"/>).</summary>
    public void Dispose()
    {
        var released = Close();
        if (!released.IsCompleted && !released.Wait(Options.DisposeTimeout)) KeyValueLog.CloseTimedOut(_logger, Path, (long)Options.DisposeTimeout.TotalMilliseconds);
    }

    /// <inheritdoc />
    public override string ToString() => $"{SystemName}:{Path}";

    /// <summary>Marks the store closed and lets go of the database; returns a task that completes when RocksDB has closed it.</summary>
    private Task Close()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return Handle.Released;
        _syncTimer?.Dispose();
        _instruments.Dispose();
        if (!Options.Sync) SyncWriteAheadLog();
        Children.DisposeAll();
        Handle.Dispose();
        MigrationGate.Dispose();
        Handle.Released.ContinueWith(static (_, state) =>
        {
            var store = (KeyValueStore)state!;
            KeyValueLog.Closed(store._logger, store.Path);
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Handle.Released;
    }

    internal void ThrowIfDisposed()
    {
        if (IsDisposed) throw new ObjectDisposedException(nameof(KeyValueStore), $"The key-value store {Path} was disposed: open it again to use it.");
    }

    /// <summary>Flushes the write-ahead log to disk (for <see cref="KeyValueOptions.SyncInterval"/> and a clean close without sync).</summary>
    private void SyncWriteAheadLog()
    {
        var entered = false;
        try
        {
            Handle.DangerousAddRef(ref entered);
            Native.Instance.rocksdb_flush_wal(Handle.BaseDb, 1, out var error);
            RocksStatus.Check(error);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: RocksDB flushed on close.
        }
        catch (RocksStatus status)
        {
            KeyValueLog.SyncFailed(_logger, KeyValueErrors.Translate(status, Path, null, "flush of the write-ahead log"), Path);
        }
        finally
        {
            if (entered) Handle.DangerousRelease();
        }
    }

    /// <summary>A reserved namespace of Strata's own (<c>__strata…</c>), created when missing.</summary>
    internal KeyValueNamespace Reserved(string name) => GetOrCreate(name);

    private KeyValueNamespace GetOrCreate(string name)
    {
        if (_namespaces.TryGetValue(name, out var existing)) return existing;
        ThrowIfDisposed();
        lock (_familyLock)
        {
            if (_namespaces.TryGetValue(name, out existing)) return existing;
            if (!_families.TryGetValue(name, out var family))
            {
                Handle.Enter();
                try
                {
                    var created = Native.Instance.rocksdb_create_column_family(Handle.BaseDb, Handle.Options.Family, name, out var error);
                    if (error != IntPtr.Zero) throw KeyValueErrors.Translate(RocksStatus.From(error), Path, name, "create namespace");
                    Handle.AddFamily(created);
                    family = new ColumnFamily(name, created);
                    _families[name] = family;
                }
                finally
                {
                    Handle.Exit();
                }
                if (!IsReserved(name)) KeyValueLog.NamespaceCreated(_logger, Path, name);
            }
            var result = Create(this, family);
            _namespaces[name] = result;
            return result;
        }
    }

    /// <summary>Adds to a counter in a transaction of its own, retried on conflict; increments of one key in this process queue on a lock instead of conflicting.</summary>
    internal long Increment(ColumnFamily family, ReadOnlySpan<byte> key, long delta, TimeSpan? expiresAfter)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        lock (_counterLocks[hash.ToHashCode() & (_counterLocks.Length - 1)])
        {
            for (var attempt = 1; ; attempt++)
            {
                var transaction = new TransactionHandle(Handle, Children);
                try
                {
                    transaction.Enter();
                    try
                    {
                        var value = Counters.Increment(transaction, family, key, delta, expiresAfter, Time);
                        Handle.Writing("increment");
                        Counters.Commit(transaction);
                        return value;
                    }
                    finally
                    {
                        transaction.Exit();
                    }
                }
                catch (RocksStatus status) when (status.IsConflict && attempt < 100)
                {
                    // A write from outside this process's counters (a put of the same key, a transaction) came in between: read again.
                    KeyValueTelemetry.RecordConflict(Path);
                }
                finally
                {
                    transaction.Dispose();
                }
            }
        }
    }

    private static bool IsReserved(string name) => name.StartsWith("__", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex NamespaceName();
}
