using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strata.Hosting;
using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;
using Strata.Query;
using static Strata.IntegrationTests.Hosting.TestHost;

namespace Strata.IntegrationTests.Hosting;

/// <summary>Strata in the generic host on every database: keyed databases, repositories, declarative transactions, auto-migration.</summary>
public class HostingTests
{
    /// <summary>A host whose default database <c>main</c> is <paramref name="db"/> and whose <c>analytics</c> is a SQLite file, with a notes table in each.</summary>
    private static async Task<(IHost Host, SchemaScope Scope, string Table)> StartAsync(Db db, Action<IServiceCollection>? services = null,
        Action<StrataBuilder>? strata = null)
    {
        var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("hosted_notes");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements();
            t.String("body", 100);
        }).ExecuteAsync();
        var analytics = "sqlite:" + TestDatabase.NewSqliteFile();
        var host = Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:main"] = scope.Db.Settings.FilePath is { } file ? "sqlite:" + file : TestDatabase.Url(db),
            ["ConnectionStrings:analytics"] = analytics,
            ["Strata:Default"] = "main",
            ["Strata:Databases:analytics:MaxPoolSize"] = "3",
        }, s =>
        {
            s.AddSingleton(RepositoryOptions.Default with { Table = table });
            s.AddRepository<HostedNoteRepository>();
            s.AddRepository<AnalyticsNoteRepository>();
            s.AddSingleton<DeadlockCounter>();
            s.AddTransactional<INoteService, NoteService>();
            s.AddScoped(sp => new Lazy<INoteService>(sp.GetRequiredService<INoteService>));
            services?.Invoke(s);
        }, strata);
        Assert.Null(await StartErrorAsync(host));
        await using (var analyticsDb = Database.Open(analytics))
        {
            await analyticsDb.Schema.CreateTable(table, t =>
            {
                t.BigIncrements();
                t.String("body", 100);
            }).ExecuteAsync();
        }
        return (host, scope, table);
    }

    private static async Task StopAsync(IHost host, SchemaScope scope)
    {
        await TestHost.StopAsync(host);
        await scope.DisposeAsync();
    }

    [Theory, AllDatabases]
    public async Task The_default_and_named_databases_are_injected_by_key(Db db)
    {
        var (host, scope, _) = await StartAsync(db);
        try
        {
            var services = host.Services;
            var report = ActivatorUtilities.CreateInstance<ReportService>(services);
            Assert.Same(services.GetRequiredService<IDatabase>(), report.Main);
            Assert.Same(services.GetRequiredKeyedService<IDatabase>("main"), report.Main);
            Assert.Same(services.GetRequiredService<IDbSession>(), report.Main);
            Assert.Same(services.GetRequiredKeyedService<Database>("analytics"), report.Analytics);
            Assert.NotSame(report.Main, report.Analytics);
            Assert.Equal(scope.Db.Settings.Scheme, ((Database)report.Main).Settings.Scheme);
            Assert.Equal("sqlite", ((Database)report.Analytics).Settings.Scheme);
            Assert.Equal(3, ((Database)report.Analytics).Settings.MaxPoolSize);

            var manager = services.GetRequiredService<DatabaseManager>();
            Assert.Equal(["analytics", "main"], manager.Names.Order());
            Assert.Equal("main", manager.DefaultName);
            var unknown = Assert.Throws<InvalidOperationException>(() => manager.Get("reporting"));
            Assert.Contains("'analytics', 'main'", unknown.Message);
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Theory, AllDatabases]
    public async Task Repositories_get_the_database_their_attribute_names_or_the_default(Db db)
    {
        var (host, scope, table) = await StartAsync(db);
        try
        {
            await using var request = host.Services.CreateAsyncScope();
            var notes = request.ServiceProvider.GetRequiredService<HostedNoteRepository>();
            var analytics = request.ServiceProvider.GetRequiredService<AnalyticsNoteRepository>();
            Assert.Same(host.Services.GetRequiredService<IDatabase>(), notes.Injected);
            Assert.Same(host.Services.GetRequiredKeyedService<IDatabase>("analytics"), analytics.Database);

            await notes.CreateAsync(new HostedNote { Body = "to main" });
            await analytics.CreateAsync(new HostedNote { Body = "to analytics" });
            await analytics.CreateAsync(new HostedNote { Body = "to analytics again" });
            Assert.Equal(1, await notes.CountAsync());
            Assert.Equal(2, await analytics.CountAsync());
            Assert.Equal(1, await scope.Db.From(table).CountAsync());

            // A registered class also answers for its interfaces; any other entity gets the open generic repository on the default database.
            Assert.IsType<AnalyticsNoteRepository>(request.ServiceProvider.GetRequiredService<IRepository<HostedNote, long>>());
            var generic = request.ServiceProvider.GetRequiredService<IRepository<HostedEntry, long>>();
            Assert.IsType<Repository<HostedEntry, long>>(generic);
            Assert.Equal("to main", Assert.Single(await generic.ListAsync()).Body);
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Theory, AllDatabases]
    public async Task A_transactional_method_commits_when_it_returns_and_rolls_back_when_it_throws(Db db)
    {
        var (host, scope, table) = await StartAsync(db);
        try
        {
            await using var request = host.Services.CreateAsyncScope();
            var service = request.ServiceProvider.GetRequiredService<INoteService>();
            Assert.IsNotType<NoteService>(service);

            var id = await service.AddAsync("kept");
            Assert.True(id > 0);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => service.AddAsync("refused", fail: true));
            Assert.Equal("refused refused", e.Message);
            Assert.Equal(["kept"], await scope.Db.From(table).Select("body").ToListAsync<string>());
            Assert.True(await service.InTransactionAsync());
            Assert.Null(scope.Db.CurrentTransaction);
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Theory, AllDatabases]
    public async Task Nested_transactional_calls_join_the_outer_transaction(Db db)
    {
        var (host, scope, table) = await StartAsync(db);
        try
        {
            await using var request = host.Services.CreateAsyncScope();
            var service = request.ServiceProvider.GetRequiredService<INoteService>();

            // The outer method fails after the inner ones returned: none of their work stays.
            await Assert.ThrowsAsync<InvalidOperationException>(() => service.AddAllAsync(["a", "b"], failAfter: true, catchInnerFailure: false));
            Assert.Equal(0, await scope.Db.From(table).CountAsync());

            // An inner failure the outer method catches undoes only the inner call's work.
            await service.AddAllAsync(["c", "bad d", "e"], failAfter: false, catchInnerFailure: true);
            Assert.Equal(["c", "e"], await scope.Db.From(table).OrderBy("id").Select("body").ToListAsync<string>());
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Theory, AllDatabases]
    public async Task A_transactional_method_runs_again_after_a_deadlock_and_commits_once(Db db)
    {
        var (host, scope, table) = await StartAsync(db);
        try
        {
            await using var request = host.Services.CreateAsyncScope();
            var service = request.ServiceProvider.GetRequiredService<INoteService>();
            Assert.Equal(2, await service.AddWithDeadlockFirstAsync("retried"));
            Assert.Equal(["retried"], await scope.Db.From(table).Select("body").ToListAsync<string>());
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Fact]
    public async Task A_transactional_method_gets_the_isolation_level_it_asks_for()
    {
        var (host, scope, _) = await StartAsync(Db.Postgres);
        try
        {
            await using var request = host.Services.CreateAsyncScope();
            var service = request.ServiceProvider.GetRequiredService<INoteService>();
            Assert.Equal("serializable", await service.IsolationAsync(CancellationToken.None));
        }
        finally
        {
            await StopAsync(host, scope);
        }
    }

    [Theory, AllDatabases]
    public async Task Auto_migrate_applies_pending_migrations_at_start_once_across_instances_and_stop_closes_the_databases(Db db)
    {
        await using var migrations = await MigrationScope.OpenAsync(db);
        migrations.Write("20260101000000_create_items.sql", "-- UP\nCREATE TABLE {p}_items (id INTEGER PRIMARY KEY, name VARCHAR(50));");
        migrations.Write("20260102000000_seed_items.sql", "-- UP\nINSERT INTO {p}_items (id, name) VALUES (1, 'first');");
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:main"] = migrations.Url,
            ["Strata:AutoMigrate"] = "true",
            ["Strata:Databases:main:MigrationFolders:0"] = migrations.Folder,
            ["Strata:Databases:main:MigrationHistoryTable"] = migrations.History,
        };
        // Two instances of the application starting at once: the lock lets one apply the migrations.
        var hosts = new[] { Build(configuration), Build(configuration) };
        var errors = await Task.WhenAll(hosts.Select(StartErrorAsync));
        Assert.All(errors, Assert.Null);

        Assert.Equal(1, await migrations.Db.From(migrations.Table("items")).CountAsync());
        var history = await migrations.Db.From(migrations.History).CountAsync();
        Assert.Equal(2, history);

        var database = hosts[0].Services.GetRequiredService<IDatabase>();
        Assert.Equal(1, await database.From(migrations.Table("items")).CountAsync());
        foreach (var host in hosts) await TestHost.StopAsync(host);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.PingAsync());
    }

    [Fact]
    public async Task A_database_added_in_code_with_its_options_needs_no_configuration()
    {
        var file = TestDatabase.NewSqliteFile();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddStrata("sqlite:" + file, o => o.CommandTimeout = TimeSpan.FromSeconds(7));
        var host = builder.Build();
        Assert.Null(await StartErrorAsync(host));
        try
        {
            var db = (Database)host.Services.GetRequiredService<IDatabase>();
            Assert.Equal(file, db.Settings.FilePath);
            Assert.Equal(TimeSpan.FromSeconds(7), db.Settings.CommandTimeout);
            Assert.Same(db, host.Services.GetRequiredKeyedService<IDatabase>("default"));
            Assert.Equal(1, await db.ScalarAsync<int>($"SELECT 1"));
        }
        finally
        {
            await TestHost.StopAsync(host);
        }
    }
}
