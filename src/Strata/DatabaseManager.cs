using System.Collections.Concurrent;

namespace Strata;

/// <summary>
/// The databases of an application by name (<c>main</c>, <c>analytics</c>, …), each opened on first use and
/// kept for the life of the manager; one of them may be the default.
/// </summary>
/// <remarks>
/// Thread-safe. Names are compared ignoring case, as configuration keys are. A database whose options are
/// invalid fails the same way on every <see cref="Get"/>. Disposing the manager closes every database it opened.
/// </remarks>
public sealed class DatabaseManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Database>> _databases = new(StringComparer.OrdinalIgnoreCase);
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
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(createOptions);
        ObjectDisposedException.ThrowIf(_closed, this);
        var entry = new Lazy<Database>(() => Database.Open(createOptions()), LazyThreadSafetyMode.ExecutionAndPublication);
        if (!_databases.TryAdd(name, entry))
            throw new ArgumentException($"A database named '{name}' has already been added.", nameof(name));
        _order.Enqueue(name);
        if (isDefault) _defaultName = name;
        return this;
    }

    /// <summary>Whether a database of this name was added.</summary>
    /// <param name="name">The name.</param>
    public bool Contains(string name) => _databases.ContainsKey(name);

    /// <summary>The database named <paramref name="name"/>, opened on first use.</summary>
    /// <param name="name">Its name.</param>
    /// <exception cref="InvalidOperationException">No database has that name (the message lists those there are).</exception>
    /// <exception cref="DatabaseConfigurationException">Its options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was closed.</exception>
    public Database Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (!_databases.TryGetValue(name, out var entry))
            throw new InvalidOperationException(Names.Count == 0
                ? $"There is no database named '{name}': none has been added."
                : $"There is no database named '{name}'; the databases are {Describe(Names)}.");
        return entry.Value;
    }

    /// <summary>The databases opened so far, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, Database>> Opened =>
        [.. _order.Where(n => _databases.TryGetValue(n, out var e) && e.IsValueCreated).Select(n => KeyValuePair.Create(n, _databases[n].Value))];

    /// <summary>
    /// Closes every database opened so far, all at once, each waiting for its in-flight work as
    /// <see cref="DatabaseOptions.DisposeTimeout"/> allows. The manager refuses further use afterwards.
    /// </summary>
    public async Task CloseAllAsync()
    {
        _closed = true;
        await Task.WhenAll(Opened.Select(pair => pair.Value.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    /// <summary>Closes every database opened so far (see <see cref="CloseAllAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await CloseAllAsync().ConfigureAwait(false);

    private static string Describe(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
