using Xunit;

namespace Strata.Testing;

/// <summary>
/// An xUnit v3 class fixture holding a <see cref="TestDatabase"/> for one test class: created, migrated and seeded before its
/// first test, dropped after its last. Derive one per application database and give it the URL and options:
/// <c>public sealed class AppDatabase() : DatabaseFixture("postgres://…", new TestDatabaseOptions { … });</c>, then derive the
/// test classes from <see cref="DatabaseTest{TFixture}"/> with <c>IClassFixture&lt;AppDatabase&gt;</c>.
/// </summary>
/// <remarks>
/// Each test class gets a database of its own, so classes running in parallel never see each other's data. Between tests the
/// fixture keeps the next test's transaction begun, so that a test class's constructor can make it current without blocking.
/// </remarks>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private readonly string _url;
    private readonly TestDatabaseOptions? _options;
    private TestDatabase? _test;
    private Task<Transaction>? _next;

    /// <summary>A fixture creating its database from <paramref name="url"/> with <paramref name="options"/>.</summary>
    /// <param name="url">What <see cref="TestDatabase.CreateAsync"/> takes: <c>sqlite::memory:</c>, <c>sqlite:temp</c>, or a server URL.</param>
    /// <param name="options">Migrations, seeds, the admin account; null for an empty database.</param>
    protected DatabaseFixture(string url, TestDatabaseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        _url = url;
        _options = options;
    }

    /// <summary>The test database.</summary>
    /// <exception cref="InvalidOperationException">Used before xUnit initialised the fixture.</exception>
    public TestDatabase Test => _test ?? throw new InvalidOperationException(
        $"{GetType().Name} has no database yet: use it as an xUnit class fixture (IClassFixture<{GetType().Name}>), which xUnit initialises before the tests.");

    /// <summary>The test database, open: use it as any other <see cref="Strata.Database"/>.</summary>
    public Database Database => Test.Database;

    /// <summary>Creates the test database; called by xUnit.</summary>
    public virtual async ValueTask InitializeAsync()
    {
        _test = await TestDatabase.CreateAsync(_url, _options, TestContext.Current.CancellationToken).ConfigureAwait(false);
        _next = BeginNextAsync();
    }

    /// <summary>Rolls back the transaction kept for a next test and drops the test database; called by xUnit.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Interlocked.Exchange(ref _next, null) is { } next)
        {
            try
            {
                await (await next.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (DatabaseException)
            {
                // It was never used; the database is dropped next.
            }
        }
        if (_test is not null) await _test.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The transaction for the test about to run: the one begun ahead, else one begun now (blocking).</summary>
    internal Transaction TakeTransaction()
    {
        var next = Interlocked.Exchange(ref _next, null);
        // xUnit constructs test classes synchronously; the transaction was begun while the previous test finished.
        return (next ?? Database.BeginTransactionAsync()).GetAwaiter().GetResult();
    }

    /// <summary>Rolls back the transaction begun ahead, if any (blocking), for a test that opted out.</summary>
    internal void DiscardNext()
    {
        if (Interlocked.Exchange(ref _next, null) is { } next) next.GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Begins the next test's transaction in the background.</summary>
    internal void PrepareNext()
    {
        var previous = Interlocked.Exchange(ref _next, BeginNextAsync());
        previous?.ContinueWith(t => t.Result.DisposeAsync(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    private Task<Transaction> BeginNextAsync() => Database.BeginTransactionAsync();
}
