using Strata.IntegrationTests.Infrastructure;
using Strata.Query;

namespace Strata.IntegrationTests.Migrations;

/// <summary>Seeds from classes and SQL files, per environment, in one transaction, on every database.</summary>
public class SeederTests
{
    private static async Task<Seeder> PrepareAsync(MigrationScope s)
    {
        await s.Db.Schema.CreateTable(s.Table("roles"), t =>
        {
            t.Integer("id").PrimaryKey();
            t.String("name", 50);
        }).ExecuteAsync();
        var seeds = Path.Combine(s.Folder, "seeds");
        Directory.CreateDirectory(Path.Combine(seeds, "test"));
        // Deletes and inserts again: idempotent in plain SQL on every database.
        File.WriteAllText(Path.Combine(seeds, "050_guest.sql"),
            $"DELETE FROM {s.Table("roles")} WHERE id = 3;\nINSERT INTO {s.Table("roles")} (id, name) VALUES (3, 'guest');");
        File.WriteAllText(Path.Combine(seeds, "test", "060_tester.sql"), $"DELETE FROM {s.Table("roles")} WHERE id = 4;\nINSERT INTO {s.Table("roles")} (id, name) VALUES (4, 'tester');");
        return new Seeder(s.Db, new SeedOptions().AddTypes(typeof(RoleSeeder), typeof(DemoSeeder)).AddFolder(seeds));
    }

    [Theory, AllDatabases]
    public async Task Seeding_twice_with_upserts_leaves_the_same_rows(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        var seeder = await PrepareAsync(s);

        var first = await seeder.SeedAsync("development");
        await seeder.SeedAsync("development");

        Assert.Equal(["RoleSeeder", "050_guest", "DemoSeeder"], first);
        Assert.Equal([(1, "admin"), (2, "user"), (3, "guest"), (9, "demo")],
            await s.Db.From(s.Table("roles")).Select("id", "name").OrderBy("id").ToListAsync<(int, string)>());
    }

    [Theory, AllDatabases]
    public async Task Each_environment_runs_its_own_seeds(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        var seeder = await PrepareAsync(s);

        Assert.Equal(["RoleSeeder", "050_guest", "060_tester"], seeder.List("test"));
        await seeder.SeedAsync("test");

        Assert.Equal([1, 2, 3, 4], await s.Db.From(s.Table("roles")).Select("id").OrderBy("id").ToListAsync<int>());
    }

    [Theory, AllDatabases]
    public async Task A_failing_seed_rolls_back_the_whole_run_and_is_named(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        var seeder = await PrepareAsync(s);
        File.WriteAllText(Path.Combine(s.Folder, "seeds", "test", "070_broken.sql"), $"INSERT INTO {s.Table("roles")} (id, name) VALUES (5, NULL);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => seeder.SeedAsync("test"));

        Assert.Contains("070_broken.sql", error.Message, StringComparison.Ordinal);
        Assert.IsType<NotNullViolationException>(error.InnerException);
        Assert.Equal(0, await s.Db.From(s.Table("roles")).CountAsync());
    }

    public sealed class RoleSeeder : ISeeder
    {
        public int Order => -1;

        public async Task RunAsync(SeedContext context, CancellationToken cancellationToken) =>
            await context.Session.From(TablePrefix.Of(context.Session) + "_roles")
                .UpsertManyAsync(new[] { new { id = 1, name = "admin" }, new { id = 2, name = "user" } }, ["id"], cancellationToken: cancellationToken);
    }

    public sealed class DemoSeeder : ISeeder
    {
        public int Order => 100;

        public IReadOnlyCollection<string> Environments => ["development"];

        public async Task RunAsync(SeedContext context, CancellationToken cancellationToken) =>
            await context.Session.From(TablePrefix.Of(context.Session) + "_roles").UpsertAsync(new { id = 9, name = "demo" }, ["id"], cancellationToken: cancellationToken);
    }
}
