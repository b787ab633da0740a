using Strata.KeyValue.Tests.Infrastructure;
using Strata.KeyValue.Tests.Migrations;

namespace Strata.KeyValue.Tests;

public class HealthTests
{
    [Fact]
    public async Task An_open_store_is_healthy_with_its_figures_and_no_secret()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("secret-key", Bytes.Of("secret-value"));
        var report = await s.Store.CheckHealthAsync();
        Assert.Equal(DatabaseHealthStatus.Healthy, report.Status);
        Assert.NotNull(report.RoundTrip);
        Assert.NotNull(report.Statistics);
        var data = report.ToData();
        Assert.Equal("rocksdb", data["system"]);
        Assert.Equal(s.Path, data["path"]);
        Assert.True((long)data["memtable.bytes"] > 0);
        Assert.DoesNotContain(data.Values, v => v.ToString()!.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pending_migrations_make_it_degraded()
    {
        await using var s = TestStore.Open(o => o with { MigrationTypes = [typeof(IndexUsersByEmail)] });
        var report = await s.Store.CheckHealthAsync();
        Assert.Equal(DatabaseHealthStatus.Degraded, report.Status);
        Assert.Equal(1, report.PendingMigrations);
        Assert.Contains("1 migration(s) pending", report.Description);
        Assert.Equal(DatabaseHealthStatus.Healthy, (await s.Store.CheckHealthAsync(new DatabaseHealthOptions { CheckMigrations = false })).Status);
    }

    [Fact]
    public async Task A_closed_store_is_unhealthy()
    {
        await using var s = TestStore.Open();
        await s.Store.DisposeAsync();
        var report = await s.Store.CheckHealthAsync();
        Assert.Equal(DatabaseHealthStatus.Unhealthy, report.Status);
        Assert.Contains("closed", report.Description);
    }
}
