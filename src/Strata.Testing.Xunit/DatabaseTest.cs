using System.Reflection;
using Xunit;
using Xunit.v3;

namespace Strata.Testing;

/// <summary>
/// A base for xUnit v3 test classes on a <see cref="DatabaseFixture"/>: each test runs in one transaction that is rolled back
/// when it ends, and everything it does on <see cref="Database"/> in its flow joins that transaction: SQL, the query builder,
/// repositories, models, services from a container given this database (<c>AddStrata(s =&gt; s.AddDatabase("main", Database))</c>),
/// <c>[Transactional]</c> ones included; code that opens a transaction of its own gets a savepoint.
/// <c>public sealed class UsersTests(AppDatabase db) : DatabaseTest&lt;AppDatabase&gt;(db), IClassFixture&lt;AppDatabase&gt;</c>
/// </summary>
/// <typeparam name="TFixture">The class fixture holding the database.</typeparam>
/// <remarks>
/// A test marked <see cref="NoRollbackAttribute"/> commits instead, and the database is reset after it. Work a test starts on
/// another flow (a thread started without the test's execution context) is outside the transaction. On MariaDB and MySQL, DDL
/// (<c>TRUNCATE</c> included) commits on the spot and so ends the transaction early.
/// </remarks>
public abstract class DatabaseTest<TFixture> : IAsyncLifetime
    where TFixture : DatabaseFixture
{
    private readonly Transaction? _transaction;
    private readonly IDisposable? _current;

    /// <summary>Begins the test's transaction (unless the test opts out) and makes it current in the test's flow.</summary>
    /// <param name="fixture">The class fixture.</param>
    protected DatabaseTest(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
        if (OptedOut())
        {
            // The transaction begun ahead must not hold the connection (SQLite in memory has one) or locks while this test commits.
            fixture.DiscardNext();
            return;
        }
        // Made current here, synchronously: xUnit runs the test in the flow its class was constructed in.
        _transaction = fixture.TakeTransaction();
        _current = fixture.Database.UseTransaction(_transaction);
    }

    /// <summary>The class fixture.</summary>
    protected TFixture Fixture { get; }

    /// <summary>The test database.</summary>
    protected Database Database => Fixture.Database;

    /// <summary>Whether this test runs without the rollback (<see cref="NoRollbackAttribute"/>).</summary>
    protected bool RollsBack => _transaction is not null;

    /// <summary>Nothing more to set up; override to add set-up of your own.</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Rolls the test's transaction back (or resets the database after a test that opted out); called by xUnit.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _current?.Dispose();
        if (_transaction is not null)
        {
            await using (_transaction.ConfigureAwait(false))
            {
                if (_transaction.IsActive) await _transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            await Fixture.Test.ResetAsync(CancellationToken.None).ConfigureAwait(false);
        }
        Fixture.PrepareNext();
    }

    private bool OptedOut()
    {
        if (GetType().GetCustomAttribute<NoRollbackAttribute>(inherit: true) is not null) return true;
        return TestContext.Current.TestMethod is IXunitTestMethod method && method.Method.GetCustomAttribute<NoRollbackAttribute>(inherit: true) is not null;
    }
}
