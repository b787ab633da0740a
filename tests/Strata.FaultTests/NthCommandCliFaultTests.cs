using Strata.Cli;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests;

/// <summary>
/// The strata tool, run in-process, with each database command it sends failed in turn (see <see cref="FaultLoop"/>): it
/// exits with 1 and one line naming what failed (no stack trace without --verbose), and leaves the database as it was or
/// with the work done.
/// </summary>
public class NthCommandCliFaultTests
{
    /// <summary>A run of the tool that exited with a failure, thrown so the loop checks what it left.</summary>
    internal sealed class ToolFailed(string message) : Exception(message);

    /// <summary>
    /// Runs the tool in <paramref name="folder"/> with the fault on the database it opens; a failure must be exit code 1 with one
    /// error line and no stack trace, and is then thrown as <see cref="ToolFailed"/>.
    /// </summary>
    internal static async Task RunToolAsync(string folder, NthCommandFault fault, Action<DatabaseOptions>? configure, params string[] args)
    {
        var (code, _, text) = await InProcessTool.RunAsync(folder, args, configureDatabase: o =>
        {
            configure?.Invoke(o);
            if (!o.Interceptors.Contains(fault)) o.Interceptors.Add(fault);
        });
        var command = $"strata {string.Join(' ', args)}";
        if (code == 0) return;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code == 1, $"{command} exited with {code}: {text}");
        // Progress lines may come before it on standard error; the failure itself is one line.
        var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1 && errors[0].Length > "error: ".Length + 10, $"{command} did not print exactly one error line: {text}");
        Assert.True(lines[^1] == errors[0], $"{command} printed more after its error line: {text}");
        Assert.False(lines.Any(l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal)),
            $"{command} printed a stack trace or an exception dump without --verbose: {text}");
        throw new ToolFailed($"{command}: {errors[0]}");
    }

    internal static bool IsToolFailure(Exception e) => e is ToolFailed;

    [Theory, FaultTargets]
    public async Task Migrate_up_exits_1_with_one_line_and_leaves_history_and_schema_in_step(Db kind, FaultKind fault)
    {
        var prefix = TestDatabase.Table("ftcm");
        var folder = Directory.CreateTempSubdirectory("strata-fault-cli-migrate-").FullName;
        var migrations = Directory.CreateDirectory(Path.Combine(folder, "migrations")).FullName;
        // Two migrations: a failure in the second leaves the first applied, which the tool must still report as a failure.
        string[] tables = [prefix + "_a", prefix + "_b"];
        for (var i = 0; i < tables.Length; i++)
        {
            File.WriteAllText(Path.Combine(migrations, $"00{i + 1}_{(char)('a' + i)}.sql"),
                $"-- UP\nCREATE TABLE {tables[i]} (id INTEGER PRIMARY KEY);\nINSERT INTO {tables[i]} (id) VALUES (1);\n-- DOWN\nDROP TABLE {tables[i]};\n");
        }
        var history = prefix + "_history";
        string? url = null;
        void Migrations(DatabaseOptions o)
        {
            o.Migrations.HistoryTable = history;
            o.Migrations.LockTimeout = TimeSpan.FromSeconds(5);
        }
        Migrator MigratorOf(Database db) => new(db, new MigrationOptions { HistoryTable = history, LockTimeout = TimeSpan.FromSeconds(5) }.AddFolder(migrations));

        async Task ResetAsync(Database db)
        {
            foreach (var table in tables.Append(history)) await db.Schema.DropTableIfExists(table).ExecuteAsync();
        }

        try
        {
            await FaultLoop.RunAsync(kind, fault, "strata migrate up", o => url = o.Url,
                reset: ResetAsync,
                scenario: (_, f) => RunToolAsync(folder, f, Migrations, "migrate", "up", "--url", url!, "--migrations", migrations, "--no-build"),
                verify: async (db, completed) =>
                {
                    var migrator = MigratorOf(db);
                    var states = await migrator.StatusAsync();
                    if (completed) Assert.All(states, s => Assert.Equal(MigrationState.Applied, s.State));
                    for (var i = 0; i < tables.Length; i++)
                    {
                        var state = states.Single(s => s.Version == $"00{i + 1}").State;
                        var exists = await db.Schema.HasTableAsync(tables[i]);
                        if (state == MigrationState.Applied) Assert.True(exists, $"{tables[i]} is recorded as applied but missing");
                        else if (state == MigrationState.Pending && db.Dialect.SupportsTransactionalDdl) Assert.False(exists, $"{tables[i]} exists but is recorded as pending");
                        else if (state == MigrationState.Failed) Assert.False(db.Dialect.SupportsTransactionalDdl, $"{tables[i]}'s migration is recorded as failed on a database whose DDL rolls back");
                    }
                },
                expected: IsToolFailure);
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await ResetAsync(cleanup);
            Directory.Delete(folder, true);
        }
    }

    // Killed connections: the migrate loop covers how the tool reports them; the library's own loops cover this command's work.
    [Theory, FaultTargets(Kills = false)]
    public async Task Seed_run_exits_1_with_one_line_and_seeds_everything_or_nothing(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ftcs");
        var folder = Directory.CreateTempSubdirectory("strata-fault-cli-seed-").FullName;
        var seeds = Directory.CreateDirectory(Path.Combine(folder, "seeds")).FullName;
        File.WriteAllText(Path.Combine(seeds, "001_people.sql"), $"INSERT INTO {table} (name) VALUES ('ada');\nINSERT INTO {table} (name) VALUES ('bob');\n");
        File.WriteAllText(Path.Combine(seeds, "002_more.sql"), $"INSERT INTO {table} (name) VALUES ('cy');\nUPDATE {table} SET name = 'ada king' WHERE name = 'ada';\n");
        string? url = null;
        try
        {
            await FaultLoop.RunAsync(kind, fault, "strata seed run", o => url = o.Url,
                reset: async db =>
                {
                    await db.Schema.DropTableIfExists(table).ExecuteAsync();
                    await db.Schema.CreateTable(table, t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
                },
                scenario: (_, f) => RunToolAsync(folder, f, null, "seed", "run", "--url", url!, "--seeds", seeds, "--no-build"),
                verify: async (db, completed) =>
                {
                    var names = await db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY id");
                    Assert.Equal(completed ? ["ada king", "bob", "cy"] : Array.Empty<string>(), names);
                },
                expected: IsToolFailure);
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await cleanup.Schema.DropTableIfExists(table).ExecuteAsync();
            Directory.Delete(folder, true);
        }
    }

    // Killed connections: the migrate loop covers how the tool reports them; the library's own loops cover this command's work.
    [Theory, FaultTargets(Kills = false)]
    public async Task Db_dump_exits_1_with_one_line_and_keeps_the_previous_archive(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ftcd");
        var folder = Directory.CreateTempSubdirectory("strata-fault-cli-dump-").FullName;
        var archive = Path.Combine(folder, "backup.strata");
        var created = false;
        string? url = null;
        byte[]? previous = null;
        try
        {
            await FaultLoop.RunAsync(kind, fault, "strata db dump", o => url = o.Url,
                reset: async db =>
                {
                    if (!created)
                    {
                        await db.Schema.DropTableIfExists(table).ExecuteAsync();
                        await db.Schema.CreateTable(table, t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
                        await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"ada"}), ({"bob"})");
                        created = true;
                    }
                    // The backup a failed dump must not destroy: an earlier good archive at the same path.
                    using var stream = new MemoryStream();
                    await db.DumpAsync(stream, new DumpOptions { Tables = [table] });
                    previous = stream.ToArray();
                    await File.WriteAllBytesAsync(archive, previous);
                },
                scenario: (_, f) => RunToolAsync(folder, f, null, "db", "dump", "-o", archive, "--tables", table, "--url", url!),
                verify: async (db, completed) =>
                {
                    Assert.True(File.Exists(archive), "the archive is gone");
                    if (!completed) Assert.Equal(previous, await File.ReadAllBytesAsync(archive));
                    Assert.Equal([archive], Directory.EnumerateFiles(folder));
                    await using var target = await TestDatabase.OpenAsync(Db.Sqlite);
                    await using var stream = File.OpenRead(archive);
                    await target.RestoreAsync(stream);
                    Assert.Equal(["ada", "bob"], await target.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY id"));
                },
                expected: IsToolFailure);
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await cleanup.Schema.DropTableIfExists(table).ExecuteAsync();
            Directory.Delete(folder, true);
        }
    }
}
