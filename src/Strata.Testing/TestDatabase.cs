using System.Diagnostics;
using Strata.Providers;
using Strata.Testing.Servers;

namespace Strata.Testing;

/// <summary>
/// A database of its own for a test or test class: SQLite in memory or in a temporary file, or a new uniquely named database
/// on PostgreSQL, MariaDB or MySQL, migrated and seeded as <see cref="TestDatabaseOptions"/> says, and dropped when disposed.
/// <c>await using var test = await TestDatabase.CreateAsync("postgres://…", options);</c> then use <see cref="Database"/>.
/// </summary>
/// <remarks>
/// The first creation in a process also drops the test databases (and SQLite files) that earlier, killed runs left behind.
/// On a server the URL's database is only where the admin work is done; the test database gets a name of its own.
/// Safe to call from tests running in parallel and from several test processes at once.
/// </remarks>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly TestServer? _server;
    private readonly DatabaseOptions _options;
    private readonly string? _seedEnvironment;
    private int _disposed;

    private TestDatabase((Database Database, DatabaseOptions Options) opened, string? seedEnvironment, string name, string url, TestServer? server, bool fromTemplate, TimeSpan setup)
    {
        Database = opened.Database;
        _options = opened.Options;
        _seedEnvironment = seedEnvironment;
        Name = name;
        Url = url;
        _server = server;
        FromTemplate = fromTemplate;
        SetupTime = setup;
    }

    /// <summary>The test database, open and ready: use it as any other <see cref="Strata.Database"/>.</summary>
    public Database Database { get; }

    /// <summary>The database's name on the server, the SQLite file's path, or <c>:memory:</c>.</summary>
    public string Name { get; }

    /// <summary>The URL the test database was opened with (it may carry the URL's password).</summary>
    public string Url { get; }

    /// <summary>Whether the database was copied from a PostgreSQL template instead of migrated (see <see cref="TestDatabaseOptions.UseTemplate"/>).</summary>
    public bool FromTemplate { get; }

    /// <summary>How long creating, migrating and seeding took (building a template included, when this call built it).</summary>
    public TimeSpan SetupTime { get; }

    /// <summary>Creates, migrates and seeds a test database.</summary>
    /// <param name="url"><c>sqlite::memory:</c>, <c>sqlite:</c> followed by anything (a temporary file), or a server URL whose user may create databases (or see <see cref="TestDatabaseOptions.Admin"/>).</param>
    /// <param name="options">Migrations, seeds and how to create; null for an empty database.</param>
    /// <param name="cancellationToken">Cancels the work; a database created before that is dropped.</param>
    /// <exception cref="NotSupportedException">The URL's scheme is not SQLite, PostgreSQL, MariaDB or MySQL.</exception>
    /// <exception cref="DatabaseException">The server refused (a user without the right to create databases, say), or a migration or seed failed.</exception>
    public static async Task<TestDatabase> CreateAsync(string url, TestDatabaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        options ??= new TestDatabaseOptions();
        var started = Stopwatch.GetTimestamp();
        var settings = DatabaseUrl.Parse(url);
        if (settings.Scheme == "sqlite")
        {
            var file = settings.IsInMemory ? null : SqliteTestFiles.NewFile(options);
            var sqliteUrl = file is null ? url : "sqlite:" + file;
            var opened = Open(sqliteUrl, options);
            var (sqlite, sqliteOptions) = opened;
            try
            {
                await TestDatabasePreparation.PrepareAsync(sqlite, sqliteOptions, options.SeedEnvironment, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await sqlite.DisposeAsync().ConfigureAwait(false);
                if (file is not null) SqliteTestFiles.Delete(file);
                throw;
            }
            return new TestDatabase(opened, options.SeedEnvironment, file ?? ":memory:", sqliteUrl, null, false, Stopwatch.GetElapsedTime(started));
        }

        var server = TestServer.For(url, options);
        await TestDatabaseSweep.OnceAsync(server, url, options, cancellationToken).ConfigureAwait(false);
        var name = TestDatabaseName.New(options.NamePrefix);
        var testUrl = server.UrlOf(name);
        var serverOpened = Open(testUrl, options);
        var (database, databaseOptions) = serverOpened;
        var created = false;
        try
        {
            string? template = null;
            if (options.UseTemplate && server.SupportsTemplates && TestDatabasePreparation.HasWork(databaseOptions, options.SeedEnvironment))
                template = await TemplateDatabases.EnsureAsync(server, database, databaseOptions, options, cancellationToken).ConfigureAwait(false);
            await server.CreateAsync(name, template, cancellationToken).ConfigureAwait(false);
            created = true;
            if (template is null)
                await TestDatabasePreparation.PrepareAsync(database, databaseOptions, options.SeedEnvironment, cancellationToken).ConfigureAwait(false);
            return new TestDatabase(serverOpened, options.SeedEnvironment, name, testUrl, server, template is not null, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            if (created) await server.DropAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Empties every table except Strata's own (with <see cref="SchemaBuilder.TruncateAllAsync"/>: children before parents,
    /// self-referencing and cyclic foreign keys included, identities and sequences restarted), then runs the seeds again: the
    /// database as it was created, for tests that must commit and so cannot use <see cref="RollbackExtensions.RollbackAfterAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The tables emptied, in the order they were emptied.</returns>
    /// <remarks>On MariaDB and MySQL each <c>TRUNCATE</c> commits by itself: call it outside a transaction.</remarks>
    public async Task<IReadOnlyList<string>> ResetAsync(CancellationToken cancellationToken = default)
    {
        var emptied = await Database.Schema.TruncateAllAsync(cancellationToken).ConfigureAwait(false);
        if (_seedEnvironment is not null && (_options.Seeds.Seeders.Count > 0 || _options.Seeds.Folders.Count > 0))
            await Database.Seeder.SeedAsync(_seedEnvironment, cancellationToken).ConfigureAwait(false);
        return emptied;
    }

    /// <summary>Closes <see cref="Database"/> and drops the test database (or deletes its SQLite file). Calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await Database.DisposeAsync().ConfigureAwait(false);
        if (_server is not null) await _server.DropAsync(Name, CancellationToken.None).ConfigureAwait(false);
        else if (Name != ":memory:") SqliteTestFiles.Delete(Name);
    }

    /// <inheritdoc />
    public override string ToString() => $"TestDatabase({Name})";

    private static (Database Database, DatabaseOptions Options) Open(string url, TestDatabaseOptions options)
    {
        var databaseOptions = new DatabaseOptions { Url = url };
        options.Configure?.Invoke(databaseOptions);
        databaseOptions.Url = url;
        return (Database.Open(databaseOptions), databaseOptions);
    }

    /// <summary>Opens a database as <see cref="TestDatabaseOptions.Configure"/> sets it up, for migrating a template.</summary>
    internal static (Database Database, DatabaseOptions Options) OpenConfigured(string url, TestDatabaseOptions options) => Open(url, options);
}
