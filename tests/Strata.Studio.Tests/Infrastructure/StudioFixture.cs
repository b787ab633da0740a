using Microsoft.Playwright;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Studio.Tests.Infrastructure;

/// <summary>
/// A scratch database for one test class and database, with a schema to look at: authors and books (a foreign key),
/// 10,000 items, a canary table that hostile input must leave alone, one applied and one pending migration. Two studios
/// run on it in-process (read-only and with writes), and one headless Debian chromium drives them.
/// </summary>
public abstract class StudioFixture(Db db) : IAsyncLifetime
{
    public const int Items = 10_000;

    private ScratchDatabase? _scratch;
    private IPlaywright? _playwright;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "strata-studio-tests", Guid.NewGuid().ToString("N")[..10]);

    public Db Db { get; } = db;

    public Database Database { get; private set; } = null!;

    public StudioHost ReadOnly { get; private set; } = null!;

    public StudioHost Writable { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Url => _scratch!.Url;

    public string MigrationsFolder => _folder;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "001_authors_and_books.sql"), """
            -- UP
            CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);
            CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title VARCHAR(200), details TEXT, FOREIGN KEY (author_id) REFERENCES authors (id));
            -- DOWN
            DROP TABLE books;
            DROP TABLE authors;
            """);
        await File.WriteAllTextAsync(Path.Combine(_folder, "002_tags.sql"), """
            -- UP
            CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);
            -- DOWN
            DROP TABLE tags;
            """);
        _scratch = await ScratchDatabase.CreateAsync(Db);
        var options = new DatabaseOptions { Url = _scratch.Url, NamingConvention = NamingConvention.Exact, CollectStatistics = true };
        options.Migrations.AddFolder(_folder);
        Database = Database.Open(options);
        await Database.Migrator.UpAsync("001");
        await Database.ExecuteAsync(Sql.Raw("INSERT INTO authors (id, name) VALUES (1, 'Ursula'), (2, 'Terry')"));
        await Database.ExecuteAsync(Sql.Raw("INSERT INTO books (id, author_id, title, details) VALUES (1, 1, 'The Dispossessed', '{\"pages\": 387, \"tags\": [\"utopia\"]}'), (2, 2, NULL, NULL)"));
        await Database.ExecuteAsync(Sql.Raw("CREATE TABLE items (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL, amount INTEGER, note TEXT)"));
        await Database.BulkInsertAsync("items", ["id", "label", "amount", "note"],
            Enumerable.Range(1, Items).Select(i => new object?[] { i, $"item {i}", i % 7 == 0 ? null : (i * 37) % 1000, i == 1 ? new string('x', 500) : null }));
        await Database.ExecuteAsync(Sql.Raw("CREATE TABLE canary (id INTEGER PRIMARY KEY, alive VARCHAR(10) NOT NULL)"));
        await Database.ExecuteAsync(Sql.Raw("INSERT INTO canary (id, alive) VALUES (1, 'yes')"));

        ReadOnly = await StudioHost.StartAsync(new StudioOptions { Database = Database });
        Writable = await StudioHost.StartAsync(new StudioOptions { Database = Database, AllowWrites = true });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true });
    }

    /// <summary>A page in a browser context of its own, signed in to <paramref name="studio"/> with a fresh one-time link.</summary>
    public async Task<IPage> SignedInPageAsync(StudioHost studio)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(studio.CreateSignInUrl());
        Assert.Equal(200, response!.Status);
        return page;
    }

    /// <summary>How many rows the canary table holds (1 unless something wrote where it must not).</summary>
    public Task<long> CanaryRowsAsync() => Database.From("canary").CountAsync();

    /// <summary>Where screenshots go: the test output directory, never the repository.</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots", Db.ToString());
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (ReadOnly is not null) await ReadOnly.DisposeAsync();
        if (Writable is not null) await Writable.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        if (_scratch is not null) await _scratch.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class SqliteStudio() : StudioFixture(Db.Sqlite);

public sealed class PostgresStudio() : StudioFixture(Db.Postgres);

public sealed class MariaDbStudio() : StudioFixture(Db.MariaDb);
