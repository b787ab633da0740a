using System.Collections.Concurrent;

namespace Strata;

/// <summary>
/// The databases of an application by name (<c>main</c>, <c>analytics</c>, …), each opened on first use and
/// kept until it is closed (<see cref="CloseAsync"/>) or the manager is; one of them may be the default.
/// </summary>
/// <remarks>
/// Thread-safe. Names are compared ignoring case, as configuration keys are. A database whose options are
/// invalid fails the same way on every <see cref="Get"/>. Disposing the manager closes every database it opened.
/// </remarks>
public sealed class DatabaseManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _databases = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _order = new();
    private volatile string? _defaultName;
    private volatile bool _closed;

    /// <summary>The name of the default database, or null when there is none.</summary>
    public string? DefaultName => _defaultName;

    /// <summary>The names of the databases, in the order they were added.</summary>
    public IReadOnlyList<string> Names => [.. _order];

    /// <summary>The default database, opened on first use.</summary>
    /// <exception cref="InvalidOperationException">No default database was set.</exception>
    /// <exception cref="DatabaseConfigurationException">Its options are invalid.</exception>
    public Database Default => Get(_defaultName ?? throw new InvalidOperationException(
        Names.Count == 0
            ? "No database has been added to the manager."
            : $"No default database is set among {Describe(Names)}: name one as the default, or ask for it by name."));

    /// <summary>Adds a database opened from <paramref name="options"/> on first use.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="options">Its options; not copied, so leave them alone afterwards.</param>
    /// <param name="isDefault">Make it the default database.</param>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public DatabaseManager Add(string name, DatabaseOptions options, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Add(name, () => options, isDefault);
    }

    /// <summary>Adds a database whose options are made by <paramref name="createOptions"/> when it is first used.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="createOptions">Makes the options; called at most once.</param>
    /// <param name="isDefault">Make it the default database.</param>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public DatabaseManager Add(string name, Func<DatabaseOptions> createOptions, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(createOptions);
        return Add(name, new Entry(createOptions), isDefault);
    }

    private DatabaseManager Add(string name, Entry entry, bool isDefault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (!_databases.TryAdd(name, entry))
            throw new ArgumentException($"A database named '{name}' has already been added.", nameof(name));
        _order.Enqueue(name);
        if (isDefault) _defaultName = name;
        return this;
    }

    /// <summary>
    /// Adds a database that is open already (a test's database, say). The manager hands out this very instance but does not own
    /// it: <see cref="CloseAsync"/> and <see cref="CloseAllAsync"/> leave it open, and whoever opened it closes it.
    /// </summary>
    /// <param name="name">Its name.</param>
    /// <param name="database">The open database.</param>
    /// <param name="isDefault">Make it the default database.</param>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public DatabaseManager Add(string name, Database database, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Add(name, new Entry(database), isDefault);
    }

    /// <summary>Whether a database of this name was added.</summary>
    /// <param name="name">The name.</param>
    public bool Contains(string name) => _databases.ContainsKey(name);

    /// <summary>The database named <paramref name="name"/>, opened on first use.</summary>
    /// <param name="name">Its name.</param>
    /// <exception cref="InvalidOperationException">No database has that name (the message lists those there are).</exception>
    /// <exception cref="DatabaseConfigurationException">Its options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was closed.</exception>
    public Database Get(string name) => Find(name).Current.Value;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on the database named <paramref name="name"/>, as
    /// <see cref="IDbSession.TransactionAsync(Func{Transaction, Task}, TransactionOptions?, CancellationToken)"/> does: commits when it
    /// returns, rolls back when it throws, becomes a savepoint inside that database's active transaction.
    /// </summary>
    /// <param name="name">The database's name.</param>
    /// <param name="work">The work; it may run more than once when retries are on.</param>
    /// <param name="options">Isolation, read-only, retries; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the work and any retry wait.</param>
    /// <exception cref="InvalidOperationException">No database has that name.</exception>
    /// <exception cref="DatabaseConfigurationException">Its options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was closed.</exception>
    public Task TransactionAsync(string name, Func<Transaction, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        Get(name).TransactionAsync(work, options, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction on the database named <paramref name="name"/> and returns its result; see
    /// <see cref="TransactionAsync(string, Func{Transaction, Task}, TransactionOptions?, CancellationToken)"/>.</summary>
    /// <param name="name">The database's name.</param>
    /// <param name="work">The work; it may run more than once when retries are on.</param>
    /// <param name="options">Isolation, read-only, retries; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the work and any retry wait.</param>
    /// <exception cref="InvalidOperationException">No database has that name.</exception>
    /// <exception cref="DatabaseConfigurationException">Its options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was closed.</exception>
    public Task<T> TransactionAsync<T>(string name, Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        Get(name).TransactionAsync(work, options, cancellationToken);

    /// <summary>
    /// Closes the database named <paramref name="name"/> if it is open, waiting for its in-flight work as
    /// <see cref="DatabaseOptions.DisposeTimeout"/> allows, and closes its pools. The name stays: the next <see cref="Get"/> opens the
    /// database again with the same options (a fresh pool, e.g. after a failover or a changed password on the server).
    /// </summary>
    /// <param name="name">The database's name.</param>
    /// <remarks>
    /// The <see cref="Database"/> instance handed out before stays closed, and using it throws <see cref="ObjectDisposedException"/>: code
    /// that outlives a close should ask the manager again rather than keep the instance (a dependency-injection container that cached it
    /// as a singleton keeps the closed one). Closing a database that is not open, or one added open, does nothing.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No database has that name.</exception>
    /// <exception cref="ObjectDisposedException">The manager was closed.</exception>
    public async Task CloseAsync(string name)
    {
        var entry = Find(name);
        if (!entry.Owned) return;
        var closed = entry.Reset();
        if (closed.IsValueCreated) await closed.Value.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The databases opened so far, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, Database>> Opened =>
        [.. _order.Select(n => (Name: n, Database: _databases.TryGetValue(n, out var e) ? e.Current : null))
            .Where(p => p.Database is { IsValueCreated: true }).Select(p => KeyValuePair.Create(p.Name, p.Database!.Value))];

    /// <summary>
    /// Closes every database opened so far, all at once, each waiting for its in-flight work as
    /// <see cref="DatabaseOptions.DisposeTimeout"/> allows. The manager refuses further use afterwards.
    /// </summary>
    public async Task CloseAllAsync()
    {
        _closed = true;
        await Task.WhenAll(Opened.Where(pair => _databases.TryGetValue(pair.Key, out var e) && e.Owned)
            .Select(pair => pair.Value.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    /// <summary>Closes every database opened so far (see <see cref="CloseAllAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await CloseAllAsync().ConfigureAwait(false);

    private Entry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (!_databases.TryGetValue(name, out var entry))
            throw new InvalidOperationException(Names.Count == 0
                ? $"There is no database named '{name}': none has been added."
                : $"There is no database named '{name}'; the databases are {Describe(Names)}.");
        return entry;
    }

    private static string Describe(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>One name's options, made once, and its current database, replaced by a fresh one when it is closed; or a database given open, never closed here.</summary>
    private sealed class Entry
    {
        private readonly Lazy<DatabaseOptions>? _options;
        private Lazy<Database> _current;

        public Entry(Func<DatabaseOptions> createOptions)
        {
            _options = new Lazy<DatabaseOptions>(createOptions, LazyThreadSafetyMode.ExecutionAndPublication);
            _current = Next();
        }

        public Entry(Database database) => _current = new Lazy<Database>(database);

        /// <summary>Whether the manager opened the database and so closes it.</summary>
        public bool Owned => _options is not null;

        public Lazy<Database> Current => Volatile.Read(ref _current);

        /// <summary>Puts a database not yet opened in place of the current one, and returns the current one for closing.</summary>
        public Lazy<Database> Reset() => Interlocked.Exchange(ref _current, Next());

        private Lazy<Database> Next() => new(() => Database.Open(_options!.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
