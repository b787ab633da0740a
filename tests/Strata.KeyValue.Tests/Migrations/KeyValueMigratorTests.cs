using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests.Migrations;

public class KeyValueMigratorTests
{
    private static TestStore Open(params Type[] migrations) => TestStore.Open(o => o with { MigrationTypes = migrations });

    private static async Task SeedUsersAsync(KeyValueStore store)
    {
        await store.PutAsync("user:ada", new User("Ada", "ada@example.com"));
        await store.PutAsync("user:bob", new User("Bob", "bob@example.com"));
    }

    [Fact]
    public async Task Up_applies_pending_migrations_in_order_and_records_them_in_the_reserved_namespace()
    {
        await using var s = Open(typeof(ShorterUserKeys), typeof(IndexUsersByEmail));
        await SeedUsersAsync(s.Store);

        var result = await s.Store.Migrator.UpAsync();

        Assert.Equal(["001", "002"], result.Steps.Select(r => r.Migration.Version));
        Assert.Equal(2, result.Steps[0].Writes);
        Assert.Equal("user:ada", await s.Store.Namespace("users-by-email").GetAsync<string>("ada@example.com"));
        Assert.True(await s.Store.ExistsAsync("u:ada"));
        Assert.False(await s.Store.ExistsAsync("user:ada"));
        Assert.DoesNotContain(KeyValueMigrator.HistoryNamespace, s.Store.NamespaceNames);
        var status = await s.Store.Migrator.StatusAsync();
        Assert.All(status, m => Assert.Equal(MigrationState.Applied, m.State));
        Assert.NotNull(status[0].AppliedAt);
        Assert.Empty((await s.Store.Migrator.UpAsync()).Steps);

        await s.ReopenAsync();
        Assert.All(await s.Store.Migrator.StatusAsync(), m => Assert.Equal(MigrationState.Applied, m.State));
    }

    [Fact]
    public async Task A_failed_migration_writes_nothing_and_leaves_the_earlier_ones_applied()
    {
        await using var s = Open(typeof(IndexUsersByEmail), typeof(FailsHalfWay));
        await SeedUsersAsync(s.Store);

        var error = await Assert.ThrowsAsync<MigrationException>(() => s.Store.Migrator.UpAsync());

        Assert.Equal("003", error.Version);
        Assert.Contains("nothing of it was written", error.Message);
        Assert.Contains("the third migration broke", error.Message);
        Assert.False(await s.Store.ExistsAsync("half"));
        var status = await s.Store.Migrator.StatusAsync();
        Assert.Equal([MigrationState.Applied, MigrationState.Pending], status.Select(m => m.State));
    }

    [Fact]
    public async Task A_dry_run_plans_every_write_in_order_and_changes_nothing()
    {
        await using var s = Open(typeof(IndexUsersByEmail), typeof(ShorterUserKeys));
        await SeedUsersAsync(s.Store);

        var plan = await s.Store.Migrator.PlanAsync();

        Assert.Equal(2, plan.Steps.Count);
        Assert.Equal(["users-by-email:ada@example.com", "users-by-email:bob@example.com"], plan.Steps[0].Writes.Select(w => $"{w.Namespace}:{w.KeyText}"));
        Assert.Equal(["put u:ada", "delete user:ada", "put u:bob", "delete user:bob"],
            plan.Steps[1].Writes.Select(w => $"{w.Kind.ToString().ToLowerInvariant()} {w.KeyText}"));
        Assert.True(await s.Store.ExistsAsync("user:ada"));
        Assert.False(await s.Store.ExistsAsync("u:ada"));
        Assert.False(await s.Store.Namespace("users-by-email").ExistsAsync("ada@example.com"));
        Assert.All(await s.Store.Migrator.StatusAsync(), m => Assert.Equal(MigrationState.Pending, m.State));
        Assert.Equal(0, s.Store.Children.Count);
    }

    [Fact]
    public async Task Down_rolls_back_the_newest_migrations_and_refuses_irreversible_ones_before_running_any()
    {
        await using var s = Open(typeof(IndexUsersByEmail), typeof(CannotBeUndone));
        await SeedUsersAsync(s.Store);
        await s.Store.Migrator.UpAsync();

        var refused = await Assert.ThrowsAsync<MigrationException>(() => s.Store.Migrator.DownAsync(2));
        Assert.Contains("irreversible", refused.Message);
        Assert.All(await s.Store.Migrator.StatusAsync(), m => Assert.Equal(MigrationState.Applied, m.State));

        await using var other = Open(typeof(IndexUsersByEmail));
        await SeedUsersAsync(other.Store);
        await other.Store.Migrator.UpAsync();
        var down = await other.Store.Migrator.DownAsync();
        Assert.Equal(MigrationDirection.Down, Assert.Single(down.Steps).Direction);
        Assert.False(await other.Store.Namespace("users-by-email").ExistsAsync("ada@example.com"));
        Assert.Equal(MigrationState.Pending, Assert.Single(await other.Store.Migrator.StatusAsync()).State);
    }

    [Fact]
    public async Task Up_to_a_target_stops_there_and_an_unknown_target_is_refused()
    {
        await using var s = Open(typeof(IndexUsersByEmail), typeof(ShorterUserKeys));
        Assert.Single((await s.Store.Migrator.UpAsync("001")).Steps);
        Assert.Equal([MigrationState.Applied, MigrationState.Pending], (await s.Store.Migrator.StatusAsync()).Select(m => m.State));
        var error = await Assert.ThrowsAsync<MigrationException>(() => s.Store.Migrator.UpAsync("999"));
        Assert.Contains("No key-value migration has the version '999'", error.Message);
    }

    [Fact]
    public async Task A_recorded_migration_whose_class_is_gone_is_reported_missing()
    {
        await using var s = Open(typeof(IndexUsersByEmail));
        await s.Store.Migrator.UpAsync();
        await s.Store.DisposeAsync();
        await using var without = KeyValueStore.Open(s.Options with { MigrationTypes = [] });
        var status = Assert.Single(await without.Migrator.StatusAsync());
        Assert.Equal(MigrationState.Missing, status.State);
        Assert.Equal("Index users by email", status.Name);
    }

    [Fact]
    public async Task Malformed_migration_classes_are_refused_by_name()
    {
        await using var s = Open(typeof(NoAttribute));
        Assert.Contains("has no [Migration", Assert.Throws<MigrationException>(() => s.Store.Migrator.LoadMigrations()).Message);
        await using var d = Open(typeof(IndexUsersByEmail), typeof(DuplicateVersion));
        var duplicate = Assert.Throws<MigrationException>(() => d.Store.Migrator.LoadMigrations());
        Assert.Contains("version 001 is used twice", duplicate.Message);
    }
}
