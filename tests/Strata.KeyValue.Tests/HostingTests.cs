using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Strata.KeyValue.Tests.Infrastructure;
using Strata.KeyValue.Tests.Migrations;

namespace Strata.KeyValue.Tests;

public class HostingTests
{
    private static IHost Build(TempDirectory temp, IDictionary<string, string?> configuration, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = temp.Root });
        builder.Configuration.AddInMemoryCollection(configuration);
        services(builder.Services);
        return builder.Build();
    }

    private static async Task<string?> StartErrorAsync(IHost host)
    {
        try
        {
            await host.StartAsync();
            return null;
        }
        catch (Exception e) when (e is DatabaseConfigurationException or Microsoft.Extensions.Options.OptionsValidationException or DatabaseException)
        {
            return e.Message;
        }
    }

    [Fact]
    public async Task A_store_added_in_code_is_opened_at_start_as_a_keyed_and_a_plain_service_and_closed_with_the_host()
    {
        using var temp = new TempDirectory();
        KeyValueStore store;
        using (var host = Build(temp, new Dictionary<string, string?>(), services => services.AddStrata(s => s.AddKeyValueStore("kv", "rocksdb:data/kv"))))
        {
            await host.StartAsync();
            store = host.Services.GetRequiredKeyedService<KeyValueStore>("kv");
            Assert.Same(store, host.Services.GetRequiredService<KeyValueStore>());
            Assert.Equal(Path.Combine(temp.Root, "data", "kv"), store.Path);
            Assert.True(store.Options.Sync);
            await store.PutAsync("k", [1]);
            await host.StopAsync();
        }
        Assert.True(store.IsDisposed);
        await using var reopened = KeyValueStore.Open(store.Options with { LoggerFactory = null });
        Assert.True(await reopened.ExistsAsync("k"));
    }

    [Fact]
    public async Task The_configuration_section_sets_the_store_and_wins_over_the_urls_options()
    {
        using var temp = new TempDirectory();
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = "rocksdb:cache?sync=true",
            ["Strata:KeyValue:cache:Sync"] = "false",
            ["Strata:KeyValue:cache:SyncInterval"] = "00:00:02",
            ["Strata:KeyValue:cache:BlockCacheSize"] = "16MB",
            ["Strata:KeyValue:sessions:Path"] = "sessions",
        };
        using var host = Build(temp, configuration, services => services.AddStrata(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddKeyValueStore("cache").AddKeyValueStore("sessions"));
        await host.StartAsync();
        var cache = host.Services.GetRequiredKeyedService<KeyValueStore>("cache");
        Assert.False(cache.Options.Sync);
        Assert.Equal(TimeSpan.FromSeconds(2), cache.Options.SyncInterval);
        Assert.Equal(16L << 20, cache.Options.BlockCacheSize);
        Assert.Equal(Path.Combine(temp.Root, "cache"), cache.Path);
        Assert.Equal(Path.Combine(temp.Root, "sessions"), host.Services.GetRequiredKeyedService<KeyValueStore>("sessions").Path);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Strata:KeyValue:kv:Fsync", "true", "Strata:KeyValue:kv:Fsync is not a key-value store setting")]
    [InlineData("Strata:KeyValue:kv:Sync", "sometimes", "Strata:KeyValue:kv:Sync ('sometimes') must be true or false")]
    [InlineData("Strata:KeyValue:other:Path", "other", "Strata:KeyValue:other configures a key-value store that no AddKeyValueStore(\"other\") registers")]
    public async Task A_bad_setting_stops_the_start_naming_its_key(string key, string value, string expected)
    {
        using var temp = new TempDirectory();
        var configuration = new Dictionary<string, string?> { ["Strata:KeyValue:kv:Path"] = "kv", [key] = value };
        using var host = Build(temp, configuration, services => services.AddStrata(s => s.AddKeyValueStore("kv")));
        var error = await StartErrorAsync(host);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_store_without_a_directory_stops_the_start_saying_where_to_set_one()
    {
        using var temp = new TempDirectory();
        using var host = Build(temp, new Dictionary<string, string?>(), services => services.AddStrata(s => s.AddKeyValueStore("kv")));
        var error = await StartErrorAsync(host);
        Assert.Contains("ConnectionStrings:kv", error);
    }

    [Fact]
    public async Task A_locked_store_stops_the_start_with_the_lock_error()
    {
        using var temp = new TempDirectory();
        await using var holder = KeyValueStore.Open("rocksdb:" + temp.Sub("kv"));
        using var host = Build(temp, new Dictionary<string, string?>(), services => services.AddStrata(s => s.AddKeyValueStore("kv", "rocksdb:kv")));
        var error = await StartErrorAsync(host);
        Assert.Contains("LOCK", error);
    }

    [Fact]
    public async Task The_key_value_section_sits_beside_sql_databases_and_auto_migrate_applies_the_stores_migrations()
    {
        using var temp = new TempDirectory();
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:main"] = $"sqlite:{temp.Sub("app.db")}",
            ["Strata:KeyValue:kv:Path"] = "kv",
            ["Strata:KeyValue:kv:AutoMigrate"] = "true",
        };
        var built = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        using var host = Build(temp, configuration, services => services.AddStrata(built, s => s.AddKeyValueStore("kv", configure: o => o with { MigrationTypes = [typeof(IndexUsersByEmail)] })));
        await host.StartAsync();
        var store = host.Services.GetRequiredService<KeyValueStore>();
        Assert.Equal(MigrationState.Applied, Assert.Single(await store.Migrator.StatusAsync()).State);
        Assert.NotNull(host.Services.GetRequiredService<IDatabase>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Each_store_has_a_health_check()
    {
        using var temp = new TempDirectory();
        using var host = Build(temp, new Dictionary<string, string?>(), services =>
        {
            services.AddStrata(s => s.AddKeyValueStore("kv", "rocksdb:kv"));
            services.AddHealthChecks().AddKeyValueStores(tags: ["ready"]);
        });
        await host.StartAsync();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries["strata:kv:kv"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("rocksdb", entry.Data["system"]);
        Assert.Contains("ready", entry.Tags);
        await host.StopAsync();
    }
}
