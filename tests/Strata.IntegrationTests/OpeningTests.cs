using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

public class OpeningTests
{
    public static TheoryData<string> UrlForms => new() { "sqlite-file", "sqlite-memory", "postgres", "postgresql", "cockroachdb", "mysql", "mariadb" };

    private static string UrlFor(string form)
    {
        var pg = new Uri(TestDatabase.PostgresUrl);
        var my = new Uri(TestDatabase.MariaDbUrl);
        return form switch
        {
            "sqlite-file" => "sqlite:" + TestDatabase.NewSqliteFile(),
            "sqlite-memory" => "sqlite::memory:",
            "postgres" or "postgresql" or "cockroachdb" => $"{form}://{pg.UserInfo}@{pg.Authority}{pg.AbsolutePath}?application_name=strata-tests&pool_max=5&connect_timeout=5&command_timeout=10&sslmode=disable",
            _ => $"{form}://{my.UserInfo}@{my.Authority}{my.AbsolutePath}?pool_min=0&pool_max=5&connect_timeout=5&sslmode=disable",
        };
    }

    [Theory, MemberData(nameof(UrlForms))]
    public async Task Each_url_form_opens_and_pings(string form)
    {
        await using var db = Database.Open(UrlFor(form));
        await db.PingAsync();
        Assert.Equal(1, await db.ScalarAsync<int>($"SELECT {1}"));
        Assert.Equal(form switch
        {
            "cockroachdb" => "cockroachdb",
            "postgres" or "postgresql" => "postgresql",
            "mysql" => "mysql",
            "mariadb" => "mariadb",
            _ => "sqlite",
        }, db.Dialect.Name);
    }

    [Theory, AllDatabases]
    public async Task A_native_connection_string_with_its_provider_opens(Db db)
    {
        var (provider, connectionString) = db switch
        {
            Db.Sqlite => ("sqlite", $"Data Source={TestDatabase.NewSqliteFile()}"),
            Db.Postgres => ("postgres", NativePostgres()),
            _ => ("mariadb", NativeMariaDb()),
        };
        await using var database = Database.Open(new DatabaseOptions { Provider = provider, ConnectionString = connectionString, MaxPoolSize = 3 });
        await database.PingAsync();
        Assert.DoesNotContain("Password=strata", database.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static string NativePostgres()
    {
        var u = new Uri(TestDatabase.PostgresUrl);
        var (user, password) = SplitUserInfo(u);
        return $"Host={u.Host};Port={u.Port};Database={u.AbsolutePath.TrimStart('/')};Username={user};Password={password}";
    }

    private static string NativeMariaDb()
    {
        var u = new Uri(TestDatabase.MariaDbUrl);
        var (user, password) = SplitUserInfo(u);
        return $"Server={u.Host};Port={u.Port};Database={u.AbsolutePath.TrimStart('/')};User ID={user};Password={password}";
    }

    private static (string User, string Password) SplitUserInfo(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    [Fact]
    public async Task Sqlite_memory_is_shared_by_every_connection_and_lives_as_long_as_the_database()
    {
        await using (var db = Database.Open("sqlite::memory:"))
        {
            await db.ExecuteAsync($"CREATE TABLE notes (body TEXT)");
            // Each call leases its own pooled connection: they all see the same in-memory database.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => db.ExecuteAsync($"INSERT INTO notes VALUES ({"n" + i})")));
            Assert.Equal(8, await db.ScalarAsync<int>($"SELECT COUNT(*) FROM notes"));
        }
        await using var other = Database.Open("sqlite::memory:");
        Assert.Equal(0, await other.ScalarAsync<int>($"SELECT COUNT(*) FROM sqlite_master WHERE name = 'notes'"));
    }

    [Fact]
    public async Task Sqlite_files_are_opened_in_wal_mode_with_foreign_keys_on()
    {
        await using var db = Database.Open("sqlite:" + TestDatabase.NewSqliteFile());
        Assert.Equal("wal", await db.ScalarAsync<string>($"PRAGMA journal_mode"));
        Assert.Equal(1, await db.ScalarAsync<int>($"PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Sqlite_turns_foreign_keys_back_on_for_a_pooled_connection_a_command_turned_them_off_on()
    {
        await using var db = Database.Open(new DatabaseOptions { Url = "sqlite:" + TestDatabase.NewSqliteFile(), MaxPoolSize = 1 });
        await db.ExecuteAsync($"CREATE TABLE parents (id INTEGER PRIMARY KEY)");
        await db.ExecuteAsync($"CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id))");
        await using (var session = await db.OpenSessionAsync())
        {
            await session.ExecuteAsync($"PRAGMA foreign_keys = OFF");
            Assert.Equal(0, await session.ScalarAsync<int>($"PRAGMA foreign_keys"));
        }
        // One pooled connection: the next command gets the handle the session switched off, and finds enforcement on again.
        Assert.Equal(1, await db.ScalarAsync<int>($"PRAGMA foreign_keys"));
        await Assert.ThrowsAsync<ForeignKeyViolationException>(() => db.ExecuteAsync($"INSERT INTO children VALUES (1, 42)"));
        Assert.Equal(0, await db.ScalarAsync<int>($"SELECT COUNT(*) FROM children"));
    }

    [Fact]
    public async Task Sqlite_checkpoints_the_wal_when_every_write_is_read_back_through_returning()
    {
        // SQLite checkpoints after a statement runs to its end; a write whose RETURNING row is read alone is reset instead.
        var path = TestDatabase.NewSqliteFile();
        await using var db = Database.Open("sqlite:" + path);
        await db.ExecuteAsync($"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        var body = new string('x', 3000);
        for (var i = 0; i < 3000; i++)
            Assert.Equal(i + 1, await db.ScalarAsync<long>($"INSERT INTO notes (body) VALUES ({body}) RETURNING id"));
        // Each insert adds two pages or more to the WAL (about 24 MB in all); checkpoints keep reusing its first 1,000 (4 MB).
        Assert.InRange(new FileInfo(path + "-wal").Length, 1, 8L * 1024 * 1024);
    }

    [Theory, AllDatabases]
    public async Task Pool_statistics_count_busy_and_idle_connections(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.MaxPoolSize = 4);
        var transactions = new List<Transaction>();
        for (var i = 0; i < 3; i++)
        {
            // Read-only, so that SQLite (one writer at a time) can hold three at once too.
            var tx = await database.BeginTransactionAsync(new TransactionOptions { ReadOnly = true });
            await tx.ScalarAsync<int>($"SELECT 1");
            transactions.Add(tx);
        }
        var during = database.GetPoolStatistics();
        Assert.Equal(3, during.Busy);
        Assert.True(during.Total >= 3, $"total {during.Total}");
        foreach (var tx in transactions) await tx.DisposeAsync();

        var after = database.GetPoolStatistics();
        Assert.Equal(0, after.Busy);
        Assert.Equal(0, after.Waiting);
        Assert.True(after.Idle >= 3, $"idle {after.Idle}: the pool keeps returned connections");
        Assert.Equal(after.Total, after.Idle);
    }

    [Theory, AllDatabases]
    public async Task Dispose_waits_for_in_flight_work_then_refuses_new_work(Db db)
    {
        var database = await TestDatabase.OpenAsync(db);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = database.TransactionAsync(async tx =>
        {
            started.SetResult();
            await Task.Delay(300);
            return await tx.ScalarAsync<int>($"SELECT {42}");
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await database.DisposeAsync();
        Assert.True(work.IsCompleted, "DisposeAsync returned before the in-flight transaction finished");
        Assert.Equal(42, await work);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.ScalarAsync<int>($"SELECT 1"));
    }

    [Theory, ServerDatabases]
    public async Task A_wrong_password_is_a_connection_failure_that_never_shows_the_password(Db db)
    {
        const string secret = "Wr0ngS3cret!";
        var url = (db == Db.Postgres ? TestDatabase.PostgresUrl : TestDatabase.MariaDbUrl).Replace(":strata@", $":{Uri.EscapeDataString(secret)}@", StringComparison.Ordinal);
        var logs = new ListLoggerFactory();
        await using var database = Database.Open(new DatabaseOptions { Url = url, LoggerFactory = logs, LogParameterValues = true });
        var e = await Assert.ThrowsAsync<ConnectionFailureException>(() => database.PingAsync());
        Assert.False(e.IsTransient);
        foreach (var text in new[] { e.Message, e.ToString(), database.ToString(), database.Settings.ToString(), string.Join("\n", logs.Lines.Select(l => l.Message)) })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), text, StringComparison.Ordinal);
        }
    }
}
