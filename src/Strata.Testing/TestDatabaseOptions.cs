namespace Strata.Testing;

/// <summary>How <see cref="TestDatabase.CreateAsync"/> prepares a test database.</summary>
public sealed class TestDatabaseOptions
{
    /// <summary>
    /// Configures the test database's <see cref="DatabaseOptions"/> (its URL is set already): the migrations, schema modules and
    /// seeds to apply, the naming convention, plugins. Called once for the database handed to the test, and once more when a
    /// template or fresh database is migrated.
    /// </summary>
    public Action<DatabaseOptions>? Configure { get; init; }

    /// <summary>The seed environment to run when seeds are configured (<c>testing</c> by default); null runs no seeds.</summary>
    public string? SeedEnvironment { get; init; } = "testing";

    /// <summary>
    /// On PostgreSQL, migrate and seed once into a template database and create each test database as a copy of it
    /// (<c>CREATE DATABASE … TEMPLATE …</c>), which is much faster than migrating every time. On by default; ignored elsewhere.
    /// </summary>
    /// <remarks>
    /// One template per process and set of migrations, modules and seeds (a hash of their versions, names and checksums, and of
    /// the seeds' names), named like the process's test databases: it is dropped when the process exits, and swept at the next
    /// start when the process was killed.
    /// </remarks>
    public bool UseTemplate { get; init; } = true;

    /// <summary>
    /// An account allowed to create and drop databases, when the test URL's user is not (MariaDB's usual case). The test
    /// database is then created by it, and the URL's user is made its owner (PostgreSQL) or granted every privilege on it (MariaDB).
    /// Null (the default) creates and drops with the test URL's own user.
    /// </summary>
    public DatabaseOptions? Admin { get; init; }

    /// <summary>
    /// The prefix of every test database's name (<c>strata_t_</c>). Databases with it that belong to no running test process
    /// are dropped at start: keep it unique to test databases.
    /// </summary>
    public string NamePrefix { get; init; } = "strata_t_";

    /// <summary>
    /// A test database created on another machine is swept once it is this old (12 hours by default); one created on this
    /// machine is swept as soon as the process that created it is gone.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromHours(12);
}
