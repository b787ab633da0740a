using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Strata.Hosting;
using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;
using static Strata.IntegrationTests.Hosting.TestHost;

namespace Strata.IntegrationTests.Hosting;

/// <summary>Health checks per database: healthy, degraded by pending migrations, unhealthy when unreachable, never showing a password.</summary>
public class HealthTests
{
    private static async Task<HealthReport> CheckAsync(Dictionary<string, string?> configuration)
    {
        var host = Build(configuration, s => s.AddHealthChecks().AddStrata(new DatabaseHealthOptions { Timeout = TimeSpan.FromSeconds(5) }));
        try
        {
            Assert.Null(await StartErrorAsync(host));
            return await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        }
        finally
        {
            await StopAsync(host);
        }
    }

    /// <summary>Everything a health endpoint could show of the report, as text.</summary>
    private static string Everything(HealthReport report) => string.Join("\n", report.Entries.SelectMany(e =>
        new[] { e.Key, e.Value.Description ?? "", e.Value.Exception?.ToString() ?? "" }
            .Concat(e.Value.Data.Select(d => $"{d.Key}={d.Value}"))));

    [Theory, AllDatabases]
    public async Task A_reachable_database_with_its_migrations_applied_is_healthy(Db db)
    {
        await using var migrations = await MigrationScope.OpenAsync(db);
        migrations.Write("20260101000000_create.sql", "-- UP\nCREATE TABLE {p}_t (id INTEGER PRIMARY KEY);");
        await migrations.Migrator().UpAsync();
        var report = await CheckAsync(new()
        {
            ["ConnectionStrings:main"] = migrations.Url,
            ["Strata:Databases:main:MigrationFolders:0"] = migrations.Folder,
            ["Strata:Databases:main:MigrationHistoryTable"] = migrations.History,
        });

        var entry = Assert.Single(report.Entries);
        Assert.Equal("strata:main", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("answered in", entry.Value.Description);
        var data = entry.Value.Data;
        Assert.Equal("main", data["database"]);
        Assert.Equal(migrations.Db.Settings.Scheme, data["system"]);
        Assert.True((double)data["round_trip_ms"] >= 0);
        Assert.True((int)data["pool.total"] >= 0);
        Assert.Equal(0, data["migrations.pending"]);
        Assert.DoesNotContain(TestDatabase.PostgresPassword + "@", Everything(report));
    }

    [Theory, AllDatabases]
    public async Task Pending_migrations_make_a_database_degraded(Db db)
    {
        await using var migrations = await MigrationScope.OpenAsync(db);
        migrations.Write("20260101000000_create.sql", "-- UP\nCREATE TABLE {p}_t (id INTEGER PRIMARY KEY);");
        migrations.Write("20260102000000_more.sql", "-- UP\nCREATE TABLE {p}_u (id INTEGER PRIMARY KEY);");
        await migrations.Migrator().UpAsync("20260101000000");

        var report = await CheckAsync(new()
        {
            ["ConnectionStrings:main"] = migrations.Url,
            ["Strata:Databases:main:MigrationFolders:0"] = migrations.Folder,
            ["Strata:Databases:main:MigrationHistoryTable"] = migrations.History,
        });

        var entry = report.Entries["strata:main"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1, entry.Data["migrations.pending"]);
        Assert.Contains("1 migration(s) pending", entry.Description);

        // The same report without the health-check stack.
        var direct = await migrations.Db.CheckHealthAsync();
        Assert.Equal(DatabaseHealthStatus.Healthy, direct.Status); // this Database has no migration sources configured
    }

    [Theory, ServerDatabases]
    public async Task An_unreachable_server_is_unhealthy_and_its_password_is_shown_nowhere(Db db)
    {
        const string password = "Unr3achableSecret";
        var scheme = db == Db.Postgres ? "postgres" : "mariadb";
        // Port 9 (discard) is closed on loopback: the connection is refused at once.
        var url = $"{scheme}://strata:{password}@127.0.0.1:9/strata_test?connect_timeout=2";
        var report = await CheckAsync(new() { ["ConnectionStrings:main"] = url, ["ConnectionStrings:analytics"] = TestDatabase.Url(db) });

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        var main = report.Entries["strata:main"];
        Assert.Equal(HealthStatus.Unhealthy, main.Status);
        Assert.Contains("unreachable", main.Description);
        Assert.Equal("127.0.0.1:9/strata_test", main.Data["target"]);
        Assert.Equal(HealthStatus.Healthy, report.Entries["strata:analytics"].Status);
        Assert.DoesNotContain(password, Everything(report));
        Assert.DoesNotContain(TestDatabase.PostgresPassword + "@", Everything(report));

        await using var direct = Database.Open(url);
        var directReport = await direct.CheckHealthAsync(new DatabaseHealthOptions { Timeout = TimeSpan.FromSeconds(5) });
        Assert.Equal(DatabaseHealthStatus.Unhealthy, directReport.Status);
        Assert.Null(directReport.RoundTrip);
        Assert.IsAssignableFrom<DatabaseException>(directReport.Error);
        Assert.DoesNotContain(password, directReport.Description + string.Join(",", directReport.ToData().Values) + directReport.Error);
    }

    [Fact]
    public async Task The_manager_reports_every_database_and_one_that_cannot_be_opened_is_unhealthy_rather_than_thrown()
    {
        await using var manager = new DatabaseManager()
            .Add("main", new DatabaseOptions { Url = "sqlite:" + TestDatabase.NewSqliteFile() }, isDefault: true)
            .Add("down", new DatabaseOptions
            {
                Url = "postgres://app:D0wnSecret@127.0.0.1:1/app",
                ConnectTimeout = TimeSpan.FromSeconds(2),
                Resilience = ConnectionResilienceOptions.None,
            })
            .Add("broken", new DatabaseOptions { Url = "postgres://app:Br0kenSecret@127.0.0.1/app", MaxPoolSize = 0 });

        var reports = await manager.CheckHealthAsync();

        Assert.Equal(["main", "down", "broken"], reports.Keys);
        Assert.Equal(DatabaseHealthStatus.Healthy, reports["main"].Status);
        Assert.Equal(DatabaseHealthStatus.Unhealthy, reports["down"].Status);
        Assert.IsAssignableFrom<ConnectionFailureException>(reports["down"].Error);
        Assert.Equal(DatabaseHealthStatus.Unhealthy, reports["broken"].Status);
        Assert.Contains("MaxPoolSize (0) must be at least 1", reports["broken"].Description);
        foreach (var report in reports.Values)
        {
            var shown = report.Description + string.Join(",", report.ToData().Values) + report.Error;
            Assert.DoesNotContain("D0wnSecret", shown);
            Assert.DoesNotContain("Br0kenSecret", shown);
        }
    }
}
