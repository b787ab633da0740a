using Microsoft.Extensions.DependencyInjection;
using static Strata.IntegrationTests.Hosting.TestHost;

namespace Strata.IntegrationTests.Hosting;

/// <summary>Configuration mistakes stop the host at start-up with a message naming the key to fix, and never show a password.</summary>
public class HostingOptionsTests
{
    private static string SqliteUrl() => "sqlite:" + Infrastructure.TestDatabase.NewSqliteFile();

    private static async Task<string> ErrorAsync(Dictionary<string, string?> configuration, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var host = Build(configuration, services);
        try
        {
            return await StartErrorAsync(host) ?? throw new Xunit.Sdk.XunitException("The host started, but the configuration is invalid.");
        }
        finally
        {
            await StopAsync(host, started: false);
        }
    }

    [Fact]
    public async Task A_database_without_a_url_names_where_to_put_it()
    {
        var error = await ErrorAsync(new() { ["Strata:Databases:main:MaxPoolSize"] = "5" });
        Assert.Contains("The database 'main' has no connection", error);
        Assert.Contains("ConnectionStrings:main", error);
        Assert.Contains("Strata:Databases:main:Url", error);
    }

    [Fact]
    public async Task An_out_of_range_setting_names_its_full_key()
    {
        var error = await ErrorAsync(new() { ["ConnectionStrings:main"] = SqliteUrl(), ["Strata:Databases:main:MaxPoolSize"] = "0" });
        Assert.Contains("Strata:Databases:main:MaxPoolSize (0) must be at least 1", error);
    }

    [Fact]
    public async Task A_misspelt_setting_is_refused_rather_than_ignored()
    {
        var error = await ErrorAsync(new() { ["ConnectionStrings:main"] = SqliteUrl(), ["Strata:Databases:main:MaxPoolSise"] = "5" });
        Assert.Contains("MaxPoolSise", error);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_key()
    {
        var error = await ErrorAsync(new() { ["ConnectionStrings:main"] = SqliteUrl(), ["Strata:Databases:main:CommandTimeout"] = "soon" });
        Assert.Contains("Strata:Databases:main:CommandTimeout", error);
    }

    [Fact]
    public async Task A_bad_url_is_reported_against_the_key_that_set_it_without_its_password()
    {
        var error = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = "postgres://app:Sup3rSecretPw@localhost:port/app",
            ["Strata:Databases:reports:Url"] = "sqlserver://sa:An0therSecret@db/reports",
        });
        Assert.Contains("ConnectionStrings:main:", error);
        Assert.Contains("Strata:Databases:reports:Url:", error);
        Assert.Contains("sqlserver", error);
        Assert.DoesNotContain("Sup3rSecretPw", error);
        Assert.DoesNotContain("An0therSecret", error);
    }

    [Fact]
    public async Task A_default_that_names_no_database_lists_the_ones_there_are()
    {
        var error = await ErrorAsync(new() { ["ConnectionStrings:main"] = SqliteUrl(), ["ConnectionStrings:analytics"] = SqliteUrl(), ["Strata:Default"] = "mian" });
        Assert.Contains("Strata:Default names 'mian'", error);
        Assert.Contains("'analytics', 'main'", error);
    }

    [Fact]
    public async Task Resilience_settings_are_checked_by_their_full_key()
    {
        var error = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = SqliteUrl(),
            ["Strata:Databases:main:Resilience:OpenRetries"] = "-1",
            ["Strata:Databases:main:Resilience:BreakSeconds"] = "5",
        });
        Assert.Contains("Strata:Databases:main:Resilience:OpenRetries (-1) must be between 0 and 100", error);
        Assert.Contains("Strata:Databases:main:Resilience:BreakSeconds is not a Strata setting", error);
    }

    [Fact]
    public async Task A_bad_replica_is_reported_against_its_key_without_the_password()
    {
        var error = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = "postgres://app:Pr1marySecret@127.0.0.1:5432/app",
            ["Strata:Databases:main:Replicas:0"] = "mysql://reader:R3plicaSecret@127.0.0.1:3306/app",
        });
        Assert.Contains("Strata:Databases:main:Replicas: ", error);
        Assert.DoesNotContain("Pr1marySecret", error);
        Assert.DoesNotContain("R3plicaSecret", error);

        var probe = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = "postgres://app:Pr1marySecret@127.0.0.1:5432/app",
            ["Strata:Databases:main:Replicas:0"] = "127.0.0.1:5433",
            ["Strata:Databases:main:ReplicaProbeDelay"] = "00:00:00",
        });
        Assert.Contains("Strata:Databases:main:ReplicaProbeDelay must be more than zero", probe);
    }

    [Fact]
    public async Task Replicas_and_statistics_come_from_configuration()
    {
        var host = Build(new Dictionary<string, string?>()
        {
            ["ConnectionStrings:main"] = "postgres://app:pw@127.0.0.1:5432/app",
            ["Strata:Databases:main:Replicas:0"] = "127.0.0.1:5433",
            ["Strata:Databases:main:Replicas:1"] = "replica2:5434",
            ["Strata:Databases:main:ReadYourWritesWindow"] = "00:00:02",
            ["Strata:Databases:main:CollectStatistics"] = "true",
        });
        await host.StartAsync();
        try
        {
            // Nothing connects until a query runs: the replicas are known, and statistics are on (so they can be read).
            var db = host.Services.GetRequiredService<IDatabase>();
            var replicas = db.GetReplicaStatus();
            Assert.Equal(2, replicas.Count);
            Assert.Contains("127.0.0.1:5433", replicas[0].Url);
            Assert.Contains("replica2:5434", replicas[1].Url);
            Assert.Empty(db.GetStatistics().Statements);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Fact]
    public async Task A_missing_migrations_folder_names_its_key()
    {
        var error = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = SqliteUrl(),
            ["Strata:Databases:main:MigrationFolders:0"] = "no-such-folder-" + Guid.NewGuid().ToString("N"),
        });
        Assert.Contains("Strata:Databases:main:MigrationFolders:0 names the folder", error);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var error = await ErrorAsync(new()
        {
            ["ConnectionStrings:main"] = SqliteUrl(),
            ["Strata:Databases:main:MinPoolSize"] = "-1",
            ["Strata:Databases:analytics:SlowQueryThreshold"] = "00:00:01",
        });
        Assert.Contains("Strata:Databases:main:MinPoolSize (-1) must not be negative", error);
        Assert.Contains("The database 'analytics' has no connection", error);
    }

    [Fact]
    public async Task A_transactional_method_or_repository_naming_an_unknown_database_stops_start_up()
    {
        var error = await ErrorAsync(new() { ["ConnectionStrings:main"] = SqliteUrl() }, services =>
        {
            Microsoft.Extensions.DependencyInjection.StrataServiceCollectionExtensions.AddTransactional<IMisnamedService, MisnamedService>(services);
            Microsoft.Extensions.DependencyInjection.StrataServiceCollectionExtensions.AddRepository<HostedNoteRepository>(services, "reporting");
        });
        Assert.Contains("MisnamedService.RunAsync ([Transactional]) uses the database 'archive', which is not configured", error);
        Assert.Contains("The repository HostedNoteRepository uses the database 'reporting'", error);
    }

    [Fact]
    public void A_transactional_method_that_returns_no_task_is_refused_at_registration()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => Microsoft.Extensions.DependencyInjection.StrataServiceCollectionExtensions.AddTransactional<ISyncService, SyncService>(services));
        Assert.Contains("SyncService.Run is transactional but returns Int32", e.Message);
    }

    [Fact]
    public void A_class_that_is_not_a_repository_is_refused_at_registration()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => Microsoft.Extensions.DependencyInjection.StrataServiceCollectionExtensions.AddRepository<MisnamedService>(services));
        Assert.Contains("is not a repository", e.Message);
    }

    public interface IMisnamedService
    {
        Task RunAsync();
    }

    public sealed class MisnamedService : IMisnamedService
    {
        [Transactional(Database = "archive")]
        public Task RunAsync() => Task.CompletedTask;
    }

    public interface ISyncService
    {
        int Run();
    }

    public sealed class SyncService : ISyncService
    {
        [Transactional]
        public int Run() => 1;
    }
}
