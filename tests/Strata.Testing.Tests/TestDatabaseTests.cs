using System.Diagnostics;
using Strata.Testing.Servers;
using Strata.Testing.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Strata.Testing.Tests;

public sealed class TestDatabaseTests(ITestOutputHelper output)
{
    [Theory, AllDatabases]
    public async Task CreateAsync_migrates_and_seeds_a_database_of_its_own(Db db)
    {
        await using var test = await TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));

        Assert.Equal(1, await Widgets.CountAsync(test.Database));
        Assert.Equal("seeded", await test.Database.ScalarAsync<string>($"SELECT name FROM widgets"));
        if (db != Db.Sqlite) Assert.StartsWith("strata_t_", test.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_in_memory_SQLite_migrates_and_seeds()
    {
        await using var test = await TestDatabase.CreateAsync("sqlite::memory:", TestServers.Options(Db.Sqlite, Widgets.Configure));

        Assert.Equal(":memory:", test.Name);
        Assert.Equal(1, await Widgets.CountAsync(test.Database));
    }

    [Theory, AllDatabases]
    public async Task Databases_created_at_once_never_see_each_others_data(Db db)
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure))));
        try
        {
            Assert.Equal(3, created.Select(t => t.Name).Distinct().Count());
            await created[0].Database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"only in the first"})");

            Assert.Equal(2, await Widgets.CountAsync(created[0].Database));
            Assert.Equal(1, await Widgets.CountAsync(created[1].Database));
            Assert.Equal(1, await Widgets.CountAsync(created[2].Database));
        }
        finally
        {
            foreach (var test in created) await test.DisposeAsync();
        }
    }

    [Theory, ServerDatabases]
    public async Task DisposeAsync_drops_the_database(Db db)
    {
        var options = TestServers.Options(db);
        var test = await TestDatabase.CreateAsync(TestServers.Url(db), options);
        var server = TestServer.For(TestServers.Url(db), options);
        Assert.Contains(test.Name, await server.ListAsync(options.NamePrefix, default));

        await test.DisposeAsync();

        Assert.DoesNotContain(test.Name, await server.ListAsync(options.NamePrefix, default));
    }

    [Fact]
    public async Task DisposeAsync_deletes_the_SQLite_file()
    {
        var test = await TestDatabase.CreateAsync("sqlite:temp", TestServers.Options(Db.Sqlite, Widgets.Configure));
        Assert.True(File.Exists(test.Name));

        await test.DisposeAsync();

        Assert.False(File.Exists(test.Name));
    }

    [Theory, ServerDatabases]
    public async Task A_killed_runs_databases_are_swept_and_live_ones_kept(Db db)
    {
        // A prefix of its own, so that no sweep started by a test running alongside gets there first.
        var options = WithPrefix(TestServers.Options(db), "strata_tsweep_");
        var server = TestServer.For(TestServers.Url(db), options);
        // The first creation sweeps once by itself; the abandoned database comes after it.
        await using var live = await TestDatabase.CreateAsync(TestServers.Url(db), options);
        var (pid, start) = await GoneProcessAsync();
        var abandoned = TestDatabaseName.For(options.NamePrefix, pid, start);
        await server.CreateAsync(abandoned, null, default);

        var swept = await TestDatabaseSweep.SweepAsync(server, options, default);

        Assert.Contains(abandoned, swept);
        Assert.DoesNotContain(live.Name, swept);
        var left = await server.ListAsync(options.NamePrefix, default);
        Assert.DoesNotContain(abandoned, left);
        Assert.Contains(live.Name, left);
    }

    [Fact]
    public async Task A_killed_runs_template_is_swept_and_this_processs_template_is_kept_until_it_is_dropped()
    {
        var options = WithPrefix(TestServers.Options(Db.Postgres, Widgets.Configure), "strata_ttpl_");
        var server = TestServer.For(TestServers.PostgresUrl, options);
        await using (var live = await TestDatabase.CreateAsync(TestServers.PostgresUrl, options)) Assert.True(live.FromTemplate);
        var template = Assert.Single(await server.ListAsync(options.NamePrefix + TemplateDatabases.Marker, default));
        var (pid, start) = await GoneProcessAsync();
        var abandoned = TestDatabaseName.For(options.NamePrefix + TemplateDatabases.Marker + "0123456789ab_", pid, start);
        await server.CreateAsync(abandoned, null, default);

        var swept = await TestDatabaseSweep.SweepAsync(server, options, default);

        Assert.Equal([abandoned], swept);
        Assert.Equal([template], await server.ListAsync(options.NamePrefix, default));
        // At exit the process drops its templates.
        await TemplateDatabases.DropAllAsync(options.NamePrefix);
        Assert.Empty(await server.ListAsync(options.NamePrefix, default));
    }

    [Fact]
    public async Task A_killed_runs_MariaDB_grant_left_without_its_database_is_revoked_by_the_sweep()
    {
        var options = WithPrefix(TestServers.Options(Db.MariaDb), "strata_tgrant_");
        var server = TestServer.For(TestServers.MariaDbUrl, options);
        var (pid, start) = await GoneProcessAsync();
        var abandoned = TestDatabaseName.For(options.NamePrefix, pid, start);
        await using (var admin = Database.Open(options.Admin!))
            await admin.ExecuteAsync(Sql.Raw($"GRANT ALL PRIVILEGES ON {abandoned}.* TO 'strata'@'127.0.0.1'"));
        Assert.Contains(abandoned, await server.ListAsync(options.NamePrefix, default));

        var swept = await TestDatabaseSweep.SweepAsync(server, options, default);

        Assert.Contains(abandoned, swept);
        Assert.DoesNotContain(abandoned, await server.ListAsync(options.NamePrefix, default));
    }

    [Fact]
    public async Task A_killed_runs_SQLite_files_are_swept()
    {
        var options = WithPrefix(TestServers.Options(Db.Sqlite), "strata_tsweep_");
        await using var live = await TestDatabase.CreateAsync("sqlite:temp", options);
        var (pid, start) = await GoneProcessAsync();
        var abandoned = Path.Combine(Path.GetDirectoryName(live.Name)!, TestDatabaseName.For(options.NamePrefix, pid, start) + ".db");
        await File.WriteAllTextAsync(abandoned, "");

        var swept = SqliteTestFiles.Sweep(options);

        Assert.Contains(abandoned, swept);
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(live.Name));
    }

    [Fact]
    public async Task PostgreSQL_copies_a_template_and_reports_its_time_against_migrating_each_time()
    {
        const int count = 3;
        // The first creation builds the template unless an earlier run left it.
        await (await TestDatabase.CreateAsync(TestServers.PostgresUrl, TestServers.Options(Db.Postgres, ManySchema))).DisposeAsync();

        var fromTemplate = await TimeAsync(count, useTemplate: true);
        var migrated = await TimeAsync(count, useTemplate: false);

        var line = $"PostgreSQL test database of {CreateManyTables.Count + 1} tables, mean of {count}: {fromTemplate.TotalMilliseconds:F0} ms copied from the template, {migrated.TotalMilliseconds:F0} ms migrated and seeded each time.";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(fromTemplate > TimeSpan.Zero && migrated > TimeSpan.Zero);
    }

    private static async Task<TimeSpan> TimeAsync(int count, bool useTemplate)
    {
        var total = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var test = await TestDatabase.CreateAsync(TestServers.PostgresUrl, TestServers.Options(Db.Postgres, ManySchema, useTemplate));
            total += Stopwatch.GetElapsedTime(started);
            Assert.Equal(useTemplate, test.FromTemplate);
            Assert.Equal(1, await Widgets.CountAsync(test.Database));
            await test.DisposeAsync();
        }
        return total / count;
    }

    private static TestDatabaseOptions WithPrefix(TestDatabaseOptions options, string prefix) => new()
    {
        Configure = options.Configure,
        UseTemplate = options.UseTemplate,
        Admin = options.Admin,
        NamePrefix = prefix,
    };

    private static void ManySchema(DatabaseOptions options)
    {
        Widgets.Configure(options);
        options.Migrations.AddTypes(typeof(CreateManyTables));
    }

    /// <summary>The id and start time of a process that ran and ended, as a killed test run's would be (it lives long enough to read its start time).</summary>
    private static async Task<(int Pid, long Start)> GoneProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", ["0.3"]) { UseShellExecute = false })!;
        var start = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
        var pid = process.Id;
        await process.WaitForExitAsync();
        return (pid, start);
    }
}
