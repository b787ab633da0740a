using Strata.IntegrationTests.Infrastructure;
using Strata.Query;

namespace Strata.IntegrationTests.Migrations;

/// <summary>The migrator on every database: up, down, status, plans, checksums and failures.</summary>
public class MigratorTests
{
    private static void WriteThree(MigrationScope s)
    {
        s.Write("001_create_users.sql", "-- UP\nCREATE TABLE {p}_users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\nINSERT INTO {p}_users (id, name) VALUES (1, 'ada');\n-- DOWN\nDROP TABLE {p}_users;\n");
        s.Write("002_create_posts.up.sql", "CREATE TABLE {p}_posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES {p}_users (id));");
        s.Write("002_create_posts.down.sql", "DROP TABLE {p}_posts;");
        s.Write("010_add_email.sql", "-- adds the email column\n-- UP\nALTER TABLE {p}_users ADD COLUMN email VARCHAR(100);\n-- DOWN\nALTER TABLE {p}_users DROP COLUMN email;\n");
    }

    [Theory, AllDatabases]
    public async Task Up_applies_pending_migrations_in_version_order_once(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        var migrator = s.Migrator();
        var started = new List<string>();
        migrator.Completed += (_, e) => started.Add(e.Migration.Version);

        var first = await migrator.UpAsync();
        var second = await migrator.UpAsync();

        Assert.Equal(["001", "002", "010"], first.Steps.Select(x => x.Migration.Version));
        Assert.Equal(["001", "002", "010"], started);
        Assert.Empty(second.Steps);
        Assert.True(await s.Db.Schema.HasColumnAsync(s.Table("users"), "email"));
        Assert.Equal("ada", await s.Db.ScalarAsync<string>($"SELECT name FROM {Sql.Identifier(s.Table("users"))}"));
        var status = await migrator.StatusAsync();
        Assert.All(status, x => Assert.Equal(MigrationState.Applied, x.State));
        Assert.All(status, x => Assert.Equal(1, x.Batch));
        var history = await s.Db.QueryAsync<(string Version, string Kind, string Checksum, int Batch)>(
            $"SELECT version, kind, checksum, batch FROM {Sql.Identifier(s.History)} ORDER BY version");
        Assert.Equal(migrator.LoadMigrations().Select(m => (m.Version, "sql", m.Checksum, 1)), history);
    }

    [Theory, AllDatabases]
    public async Task Each_step_is_reported_as_events_progress_and_log_lines(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var s = await MigrationScope.OpenAsync(db, o => o.LoggerFactory = logs);
        s.Write("001_ok.sql", "-- UP\nCREATE TABLE {p}_ok (id INTEGER);\n");
        s.Write("002_bad.sql", "-- UP\nINSERT INTO {p}_missing (id) VALUES (1);\n");
        var options = s.Options();
        var progress = new List<(string, bool)>();
        options.Progress = new SynchronousProgress(p => progress.Add((p.Migration.Version, p.Finished)));
        var migrator = new Migrator(s.Db, options);
        var events = new List<string>();
        migrator.Started += (_, e) => events.Add("started " + e.Migration.Version);
        migrator.Completed += (_, e) => events.Add($"completed {e.Migration.Version} {e.Duration > TimeSpan.Zero}");
        migrator.Failed += (_, e) => events.Add($"failed {e.Migration.Version} {e.Error is MigrationException}");

        await Assert.ThrowsAsync<MigrationException>(() => migrator.UpAsync());

        Assert.Equal(["started 001", "completed 001 True", "started 002", "failed 002 True"], events);
        Assert.Equal([("001", false), ("001", true), ("002", false)], progress);
        var lines = logs.Lines.Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.StartsWith("Migrated Up: 001 ok in", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.StartsWith("Migration Up failed: 002 bad", StringComparison.Ordinal));
    }

    private sealed class SynchronousProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }

    [Theory, AllDatabases]
    public async Task Up_to_a_target_then_down_by_steps_and_to_a_version(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        var migrator = s.Migrator();

        await migrator.UpAsync("002");
        Assert.False(await s.Db.Schema.HasColumnAsync(s.Table("users"), "email"));
        await migrator.UpAsync();
        Assert.Equal(["010"], (await migrator.DownAsync()).Steps.Select(x => x.Migration.Version));
        Assert.False(await s.Db.Schema.HasColumnAsync(s.Table("users"), "email"));
        await migrator.UpAsync();
        Assert.Equal(["010", "002"], (await migrator.DownToAsync("001")).Steps.Select(x => x.Migration.Version));
        Assert.True(await s.HasTableAsync("users"));
        Assert.False(await s.HasTableAsync("posts"));
        Assert.Equal(["001"], (await migrator.ResetAsync()).Steps.Select(x => x.Migration.Version));
        Assert.False(await s.HasTableAsync("users"));
        Assert.All(await migrator.StatusAsync(), x => Assert.Equal(MigrationState.Pending, x.State));

        var refreshed = await migrator.RefreshAsync();
        Assert.Equal(["001", "002", "010"], refreshed.Steps.Select(x => x.Migration.Version));
        await Assert.ThrowsAsync<MigrationException>(() => migrator.UpAsync("999"));
    }

    [Theory, AllDatabases]
    public async Task Status_reports_pending_missing_and_changed_migrations(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        await s.Migrator().UpAsync("002");
        File.Delete(Path.Combine(s.Folder, "002_create_posts.up.sql"));
        File.Delete(Path.Combine(s.Folder, "002_create_posts.down.sql"));
        s.Write("001_create_users.sql", "-- UP\nCREATE TABLE {p}_users (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL);\n-- DOWN\nDROP TABLE {p}_users;\n");

        var status = (await s.Migrator().StatusAsync()).ToDictionary(x => x.Version, x => x.State);

        Assert.Equal(new Dictionary<string, MigrationState>
        {
            ["001"] = MigrationState.ChecksumChanged, ["002"] = MigrationState.Missing, ["010"] = MigrationState.Pending,
        }, status);
    }

    [Theory, AllDatabases]
    public async Task A_changed_applied_migration_is_refused_unless_accepted(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        await s.Migrator().UpAsync("001");
        s.Write("001_create_users.sql", "-- UP\nCREATE TABLE {p}_users (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL);\n-- DOWN\nDROP TABLE {p}_users;\n");

        var refused = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());
        Assert.Contains("001", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AcceptChangedChecksums", refused.Message, StringComparison.Ordinal);
        Assert.False(await s.HasTableAsync("posts"));

        var options = s.Options();
        options.AcceptChangedChecksums = true;
        await new Migrator(s.Db, options).UpAsync();
        Assert.All(await s.Migrator().StatusAsync(), x => Assert.Equal(MigrationState.Applied, x.State));
    }

    [Theory, AllDatabases]
    public async Task A_plan_lists_the_exact_statements_and_changes_nothing(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        await s.Migrator().UpAsync("001");

        var plan = await s.Migrator(typeof(CodeMigration)).PlanAsync();

        Assert.Equal(["002", "010", "011"], plan.Steps.Select(x => x.Migration.Version));
        Assert.Equal([$"CREATE TABLE {s.Table("posts")} (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES {s.Table("users")} (id))"], plan.Steps[0].Statements);
        Assert.Equal([$"ALTER TABLE {s.Table("users")} ADD COLUMN email VARCHAR(100)"], plan.Steps[1].Statements);
        Assert.Contains(plan.Steps[2].Statements, x => x.StartsWith("CREATE TABLE", StringComparison.Ordinal) && x.Contains(s.Table("code"), StringComparison.Ordinal));
        Assert.Contains(plan.Steps[2].Statements, x => x.StartsWith("INSERT INTO", StringComparison.Ordinal));
        Assert.False(await s.HasTableAsync("posts"));
        Assert.False(await s.HasTableAsync("code"));
        Assert.Equal(["001"], (await s.Migrator().StatusAsync()).Where(x => x.State == MigrationState.Applied).Select(x => x.Version));
    }

    [Theory, AllDatabases]
    public async Task Csharp_migrations_run_with_the_schema_builder_and_roll_back(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        var migrator = s.Migrator(typeof(CodeMigration));

        await migrator.UpAsync();
        Assert.Equal(42, await s.Db.ScalarAsync<int>($"SELECT answer FROM {Sql.Identifier(s.Table("code"))}"));
        Assert.Equal(MigrationKind.Code, (await migrator.StatusAsync()).Single(x => x.Version == "011").Migration!.Kind);

        await migrator.DownAsync();
        Assert.False(await s.HasTableAsync("code"));
    }

    [Theory, AllDatabases]
    public async Task Rolling_back_a_migration_without_a_down_step_is_refused_before_anything_runs(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        s.Write("020_no_down.sql", "-- UP\nCREATE TABLE {p}_kept (id INTEGER);\n");
        s.Write("021_irreversible.sql", "-- strata:irreversible\n-- UP\nCREATE TABLE {p}_forever (id INTEGER);\n");
        await s.Migrator().UpAsync();

        var irreversible = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().DownAsync(2));
        Assert.Contains("021", irreversible.Message, StringComparison.Ordinal);
        Assert.Contains("irreversible", irreversible.Message, StringComparison.Ordinal);
        Assert.True(await s.HasTableAsync("forever"));
        Assert.Equal(5, (await s.Migrator().StatusAsync()).Count(x => x.State == MigrationState.Applied));

        File.Delete(Path.Combine(s.Folder, "021_irreversible.sql"));
        var missing = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().DownAsync());
        Assert.Contains("no source", missing.Message, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task A_failing_statement_names_the_migration_and_position_and_leaves_a_clear_state(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        s.Write("030_broken.sql", "-- UP\nCREATE TABLE {p}_half (id INTEGER);\n\nINSERT INTO {p}_nowhere (id) VALUES (1);\n-- DOWN\nDROP TABLE {p}_half;\n");

        var failed = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        Assert.Equal(("030", 2, 4), (failed.Version, failed.Statement, failed.Line));
        Assert.Contains("030_broken.sql", failed.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DatabaseException>(failed.InnerException);
        Assert.True(await s.Db.Schema.HasColumnAsync(s.Table("users"), "email"), "the migrations before it stay applied");
        var state = (await s.Migrator().StatusAsync()).Single(x => x.Version == "030");
        if (s.Db.Dialect.SupportsTransactionalDdl)
        {
            Assert.Contains("rolled back", failed.Message, StringComparison.Ordinal);
            Assert.False(await s.HasTableAsync("half"));
            Assert.Equal(MigrationState.Pending, state.State);
            return;
        }

        // MySQL/MariaDB committed the first statement: the run is recorded as failed and blocks until repaired.
        Assert.True(await s.HasTableAsync("half"));
        Assert.Equal((MigrationState.Failed, 2), (state.State, state.Statement));
        var blocked = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());
        Assert.Contains("RepairAsync", blocked.Message, StringComparison.Ordinal);
        await s.Db.Schema.DropTable(s.Table("half")).ExecuteAsync();
        await s.Migrator().RepairAsync("030");
        s.Write("030_broken.sql", "-- UP\nCREATE TABLE {p}_half (id INTEGER);\n-- DOWN\nDROP TABLE {p}_half;\n");
        await s.Migrator().UpAsync();
        Assert.Equal(MigrationState.Applied, (await s.Migrator().StatusAsync()).Single(x => x.Version == "030").State);
    }

    [Theory, AllDatabases]
    public async Task A_fixed_file_of_a_failed_migration_runs_again_without_repair(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_broken.sql", "-- strata:no-transaction\n-- UP\nINSERT INTO {p}_nowhere (id) VALUES (1);\n");
        await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        s.Write("001_broken.sql", "-- strata:no-transaction\n-- UP\nCREATE TABLE {p}_fixed (id INTEGER);\n");
        await s.Migrator().UpAsync();

        Assert.True(await s.HasTableAsync("fixed"));
        Assert.Equal(MigrationState.Applied, (await s.Migrator().StatusAsync()).Single().State);
    }

    [Theory, AllDatabases]
    public async Task Baseline_marks_an_existing_database_without_running_its_migrations(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        await s.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(s.Table("users"))} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");

        await s.Migrator().BaselineAsync("001");
        var result = await s.Migrator().UpAsync();

        Assert.Equal(["002", "010"], result.Steps.Select(x => x.Migration.Version));
        Assert.Equal(0, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.Table("users"))}"));
    }

    [Theory, AllDatabases]
    public async Task Create_writes_the_next_migration_file_which_loads(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);

        var sql = await s.Migrator().CreateAsync("add_phone");
        var code = await s.Migrator().CreateAsync("seed_roles", MigrationKind.Code);

        Assert.Equal("011_add_phone.sql", Path.GetFileName(sql));
        Assert.Equal("012_SeedRoles.cs", Path.GetFileName(code));
        Assert.Contains("[Migration(\"012\", \"seed roles\")]", await File.ReadAllTextAsync(code), StringComparison.Ordinal);
        File.Delete(code);
        Assert.Equal("011", s.Migrator().LoadMigrations()[^1].Version);
        await s.Migrator().UpAsync();
        Assert.Equal(4, (await s.Migrator().StatusAsync()).Count(x => x.State == MigrationState.Applied));
        Assert.Throws<ArgumentException>(() => s.Migrator().CreateAsync("drop table; --").GetAwaiter().GetResult());
    }

    [Theory, AllDatabases]
    public async Task The_lock_wait_times_out_with_a_clear_error(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        var gate = new SemaphoreSlim(0);
        var entered = new SemaphoreSlim(0);
        GateMigration.Gates[s.Prefix] = (entered, gate);
        var holder = Task.Run(async () =>
        {
            using var _ = GateMigration.Use(s.Prefix);
            await s.Migrator(typeof(GateMigration)).UpAsync();
        });
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)), "the first runner did not reach its migration");

        var options = s.Options();
        options.LockTimeout = TimeSpan.FromMilliseconds(500);
        // SQLite waits for its write lock up to the busy timeout (the command timeout) per attempt: keep it short here.
        await using var second = await s.OpenAnotherAsync(o => o.CommandTimeout = TimeSpan.FromSeconds(1));
        var refused = await Assert.ThrowsAsync<MigrationException>(() => new Migrator(second, options).UpAsync());
        Assert.Contains("lock", refused.Message, StringComparison.Ordinal);
        Assert.Contains("LockTimeout", refused.Message, StringComparison.Ordinal);

        gate.Release();
        await holder;
        Assert.Empty((await s.Migrator(typeof(GateMigration)).UpAsync()).Steps);
    }

    [Theory, AllDatabases]
    public async Task Eight_runners_at_once_apply_every_migration_exactly_once(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        s.Write("050_count.sql", "-- UP\nCREATE TABLE {p}_runs (n INTEGER);\nINSERT INTO {p}_runs (n) VALUES (1);\n");

        var runners = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var own = await s.OpenAnotherAsync();
            return await new Migrator(own, s.Options()).UpAsync();
        })).ToList();
        var results = await Task.WhenAll(runners);

        Assert.Equal(4, results.Sum(r => r.Steps.Count));
        Assert.Equal(1, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.Table("runs"))}"));
        Assert.Equal(4, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.History)}"));
    }
}

/// <summary>A C# migration that creates a table through the schema builder and inserts a row.</summary>
[Migration("011", "Code migration")]
public sealed class CodeMigration : Migration
{
    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var table = TablePrefix.Of(context.Session) + "_code";
        await context.Schema.CreateTable(table, t =>
        {
            t.Increments();
            t.Integer("answer");
        }).ExecuteAsync(cancellationToken);
        await context.Session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (answer) VALUES ({42})", cancellationToken);
    }

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        await context.Schema.DropTable(TablePrefix.Of(context.Session) + "_code").ExecuteAsync(cancellationToken);
}

/// <summary>A C# migration that waits at a gate, to hold the migration lock while a test looks.</summary>
[Migration("100", "Waits at a gate")]
public sealed class GateMigration : Migration
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (SemaphoreSlim Entered, SemaphoreSlim Gate)> Gates = new();

    private static readonly AsyncLocal<string?> Current = new();

    public static IDisposable Use(string prefix)
    {
        Current.Value = prefix;
        return new Reset();
    }

    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var (entered, gate) = Gates[Current.Value ?? throw new InvalidOperationException("No gate for this flow.")];
        entered.Release();
        await gate.WaitAsync(cancellationToken);
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}

/// <summary>The lock-row strategy (for databases without advisory locks, such as CockroachDB), exercised on the servers.</summary>
public class LockRowTests
{
    [Theory, ServerDatabases]
    public async Task Eight_runners_with_a_lock_row_apply_each_migration_once(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_a.sql", "-- UP\nCREATE TABLE {p}_runs (n INTEGER);\nINSERT INTO {p}_runs (n) VALUES (1);\n");
        s.Write("002_b.sql", "-- UP\nINSERT INTO {p}_runs (n) VALUES (2);\n");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var own = await s.OpenAnotherAsync();
            var options = s.Options();
            options.LockKind = Strata.Dialects.MigrationLockKind.LockRow;
            return await new Migrator(own, options).UpAsync();
        })));

        Assert.Equal(2, results.Sum(r => r.Steps.Count));
        Assert.Equal([1, 2], await s.Db.QueryAsync<int>($"SELECT n FROM {Sql.Identifier(s.Table("runs"))} ORDER BY n"));
        Assert.Equal(0, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.History + "_lock")}"));
    }

    [Theory, ServerDatabases]
    public async Task A_dead_runners_lock_row_expires_and_the_next_runner_takes_over(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_a.sql", "-- UP\nCREATE TABLE {p}_a (n INTEGER);\n");
        var options = s.Options();
        options.LockKind = Strata.Dialects.MigrationLockKind.LockRow;
        options.LockRowLifetime = TimeSpan.FromSeconds(2);
        options.LockTimeout = TimeSpan.FromSeconds(20);
        await new Migrator(s.Db, options).StatusAsync();
        // What a runner killed while holding the lock leaves behind: its row, about to expire.
        await s.Db.Schema.CreateTable(s.History + "_lock", t =>
        {
            t.String("name", 200).PrimaryKey();
            t.String("owner", 64);
            t.Timestamp("expires_at");
        }).ExecuteAsync();
        await s.Db.From(s.History + "_lock").InsertAsync(new { name = s.History, owner = "dead", expires_at = DateTimeOffset.UtcNow.AddSeconds(2) });

        var started = System.Diagnostics.Stopwatch.StartNew();
        await new Migrator(s.Db, options).UpAsync();

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1), options.LockTimeout);
        Assert.True(await s.HasTableAsync("a"));
    }

    [Theory, ServerDatabases]
    public async Task A_live_runners_lock_row_is_renewed_past_its_lifetime(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        MigrationOptions Options(TimeSpan timeout)
        {
            var options = s.Options(typeof(GateMigration));
            options.LockKind = Strata.Dialects.MigrationLockKind.LockRow;
            // Renewed every two seconds: a loaded 2-core machine can delay a renewal by four seconds without the row expiring
            // (a lifetime of three seconds failed once while the whole suite ran beside a build).
            options.LockRowLifetime = TimeSpan.FromSeconds(6);
            options.LockTimeout = timeout;
            return options;
        }
        var (entered, gate) = (new SemaphoreSlim(0), new SemaphoreSlim(0));
        GateMigration.Gates[s.Prefix] = (entered, gate);
        var holder = Task.Run(async () =>
        {
            using var _ = GateMigration.Use(s.Prefix);
            await new Migrator(s.Db, Options(TimeSpan.FromSeconds(30))).UpAsync();
        });
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));

        // Two lifetimes pass while the holder works: renewals keep its row alive, so the waiter never gets in.
        var refused = await Assert.ThrowsAsync<MigrationException>(() => new Migrator(s.Db, Options(TimeSpan.FromSeconds(12))).UpAsync());
        Assert.Contains("lock", refused.Message, StringComparison.Ordinal);

        gate.Release();
        await holder;
    }
}
