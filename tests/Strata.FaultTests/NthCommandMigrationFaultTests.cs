using System.ComponentModel.DataAnnotations.Schema;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>Migrations and model eager loading with each of their commands failed in turn (see <see cref="FaultLoop"/>).</summary>
public class NthCommandMigrationFaultTests
{
    [Theory, FaultTargets]
    public async Task Migrating_up_and_down_leaves_history_and_schema_in_step_and_the_lock_free_whichever_command_fails(Db kind, FaultKind fault)
    {
        var prefix = TestDatabase.Table("ftm");
        var folder = Path.Combine(Path.GetTempPath(), "strata-fault-migrations", prefix);
        Directory.CreateDirectory(folder);
        string[] tables = [prefix + "_a", prefix + "_b"];
        File.WriteAllText(Path.Combine(folder, "001_a.sql"),
            $"-- UP\nCREATE TABLE {tables[0]} (id INTEGER PRIMARY KEY);\nINSERT INTO {tables[0]} (id) VALUES (1);\n-- DOWN\nDROP TABLE {tables[0]};\n");
        File.WriteAllText(Path.Combine(folder, "002_b.sql"),
            $"-- UP\nCREATE TABLE {tables[1]} (id INTEGER PRIMARY KEY);\nINSERT INTO {tables[1]} (id) VALUES (1);\n-- DOWN\nDROP TABLE {tables[1]};\n");
        var history = prefix + "_history";
        MigrationOptions Options() => new MigrationOptions { HistoryTable = history, LockTimeout = TimeSpan.FromSeconds(5) }.AddFolder(folder);

        async Task ResetAsync(Database db)
        {
            foreach (var table in tables.Append(history))
                await db.Schema.DropTableIfExists(table).ExecuteAsync();
        }

        try
        {
            await FaultLoop.RunAsync(kind, fault, "migrate up then down", null,
                reset: ResetAsync,
                scenario: async db =>
                {
                    var migrator = new Migrator(db, Options());
                    await migrator.UpAsync();
                    await migrator.DownAsync(2);
                },
                verify: async (db, completed) =>
                {
                    var migrator = new Migrator(db, Options());
                    var states = await migrator.StatusAsync();
                    var existing = new List<string>();
                    foreach (var table in tables)
                        if (await db.Schema.HasTableAsync(table)) existing.Add(table);
                    if (completed)
                    {
                        Assert.Empty(existing);
                        Assert.All(states, s => Assert.Equal(MigrationState.Pending, s.State));
                        return;
                    }
                    for (var i = 0; i < tables.Length; i++)
                    {
                        var state = states.Single(s => s.Version == $"00{i + 1}").State;
                        var exists = existing.Contains(tables[i]);
                        // Applied means its table is there; pending means it is not, where DDL is transactional. MariaDB commits
                        // each DDL statement, so a migration cut part-way is recorded as failed (never silently half-applied).
                        if (state == MigrationState.Applied) Assert.True(exists, $"{tables[i]} is recorded as applied but missing");
                        else if (state == MigrationState.Pending && db.Dialect.SupportsTransactionalDdl) Assert.False(exists, $"{tables[i]} exists but is recorded as pending");
                        else if (state == MigrationState.Failed)
                        {
                            Assert.False(db.Dialect.SupportsTransactionalDdl, $"{tables[i]}'s migration is recorded as failed on a database whose DDL rolls back");
                            await migrator.RepairAsync($"00{i + 1}");
                        }
                    }
                    // The lock is free: a runner with a 5 s lock timeout finishes the work.
                    await ResetAsync(db);
                    await migrator.UpAsync();
                    Assert.All(await migrator.StatusAsync(), s => Assert.Equal(MigrationState.Applied, s.State));
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await ResetAsync(cleanup);
            Directory.Delete(folder, true);
        }
    }

    [Table("fault_model_authors")]
    public sealed class FaultAuthor : Model<FaultAuthor>
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public HasMany<FaultPost> Posts => HasMany<FaultPost>(p => p.AuthorId);
    }

    [Table("fault_model_posts")]
    public sealed class FaultPost : Model<FaultPost>
    {
        public long Id { get; set; }
        public long AuthorId { get; set; }
        public string Title { get; set; } = "";
        public BelongsTo<FaultAuthor> Author => BelongsTo<FaultAuthor>(p => p.AuthorId);
    }

    [Theory, FaultTargets]
    public async Task Eager_loading_models_fails_typed_and_leaves_nothing_busy_whichever_query_fails(Db kind, FaultKind fault)
    {
        var loaded = 0;
        await FaultLoop.RunAsync(kind, fault, "model eager load", TestDatabase.SnakeCase,
            reset: async db =>
            {
                if (loaded++ > 0) return;
                await db.Schema.DropTableIfExists("fault_model_posts").ExecuteAsync();
                await db.Schema.DropTableIfExists("fault_model_authors").ExecuteAsync();
                await db.Schema.CreateTable("fault_model_authors", t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
                await db.Schema.CreateTable("fault_model_posts", t => { t.BigIncrements("id"); t.BigInteger("author_id"); t.String("title", 50); }).ExecuteAsync();
                await db.ExecuteAsync($"INSERT INTO fault_model_authors (name) VALUES ({"ada"})");
                await db.ExecuteAsync($"INSERT INTO fault_model_posts (author_id, title) VALUES ({1}, {"notes"}), ({1}, {"more"})");
            },
            scenario: async db =>
            {
                using var scope = ModelDatabase.Use(db);
                var posts = await FaultPost.Query().With(p => p.Author).ToListAsync();
                Assert.Equal(2, posts.Count);
                var authors = await FaultAuthor.Query().With("posts").ToListAsync();
                Assert.Single(authors);
            },
            verify: (db, completed) => Task.CompletedTask);
        await using var cleanup = await FaultDatabase.OpenAsync(kind);
        await cleanup.Schema.DropTableIfExists("fault_model_posts").ExecuteAsync();
        await cleanup.Schema.DropTableIfExists("fault_model_authors").ExecuteAsync();
    }
}
