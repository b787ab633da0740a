namespace Strata;

/// <summary>
/// Which database Active Record models (<see cref="Model{TSelf}"/>) use: the one of the current async flow
/// (<see cref="Use"/>, for a test or a request), else the application's default (<see cref="Configure"/>).
/// </summary>
/// <remarks>
/// A flow's database lives in an <see cref="AsyncLocal{T}"/>, so tests running in parallel each use their own. Thread-safe.
/// </remarks>
public static class ModelDatabase
{
    private static readonly AsyncLocal<Scope?> Flow = new();
    private static volatile Scope? _default;

    /// <summary>Sets the application's default database for models, used where no flow has its own.</summary>
    /// <param name="database">The database.</param>
    /// <param name="strictLoading">Refuse lazy loads on models from multi-row queries (off by default outside tests).</param>
    public static void Configure(IDatabase database, bool strictLoading = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        _default = new Scope(database, strictLoading, null);
    }

    /// <summary>
    /// Makes <paramref name="database"/> the models' database for the current async flow until the returned scope is disposed.
    /// Strict loading is on by default here, the way tests want it: lazily loading a relation of a model that came from a
    /// multi-row query throws, naming the relation to eager-load, so N+1 query patterns surface before production.
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="strictLoading">Refuse lazy loads on models from multi-row queries.</param>
    public static IDisposable Use(IDatabase database, bool strictLoading = true)
    {
        ArgumentNullException.ThrowIfNull(database);
        var scope = new Scope(database, strictLoading, Flow.Value);
        Flow.Value = scope;
        return scope;
    }

    /// <summary>The database models use in this flow.</summary>
    /// <exception cref="InvalidOperationException">No database was configured or put in use.</exception>
    public static IDatabase Current => Active.Database;

    /// <summary>The naming convention of <see cref="Current"/>, which names the columns of relations' keys.</summary>
    internal static NamingConvention Convention => (Current as SessionBase)?.Pipeline.Convention ?? NamingConvention.SnakeCase;

    /// <summary>True when strict loading is on in this flow.</summary>
    public static bool StrictLoading => (Flow.Value ?? _default)?.StrictLoading ?? false;

    private static Scope Active => Flow.Value ?? _default ?? throw new InvalidOperationException(
        "Models have no database: call ModelDatabase.Configure(db) at start-up, or wrap the work in using (ModelDatabase.Use(db)).");

    private sealed class Scope(IDatabase database, bool strictLoading, Scope? previous) : IDisposable
    {
        public IDatabase Database { get; } = database;

        public bool StrictLoading { get; } = strictLoading;

        public void Dispose()
        {
            if (ReferenceEquals(Flow.Value, this)) Flow.Value = previous;
        }
    }
}
