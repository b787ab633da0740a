using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Strata;

/// <summary>
/// Applies, rolls back and reports migrations from C# classes and SQL files (<see cref="MigrationOptions.Sources"/>),
/// recorded in a history table. <c>db.Migrator</c> uses <see cref="DatabaseOptions.Migrations"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every operation that changes the database first takes the migration lock (an advisory lock on PostgreSQL and
/// MySQL, an exclusive transaction on SQLite, a lock row elsewhere) and only then reads the history, so runners
/// started together apply each migration exactly once. Each migration runs in its own transaction where the
/// database can roll DDL back; on MySQL and MariaDB, which commit each DDL statement, a failed migration is recorded
/// as failed with the statement it reached, and <see cref="UpAsync"/> refuses to go on until it is repaired.
/// </para>
/// <para>Thread-safe: concurrent operations serialise on the lock. Events are raised on the thread running the operation.</para>
/// </remarks>
public sealed class Migrator
{
    private readonly IDatabase _database;
    private readonly MigrationOptions _options;
    private readonly string _module;
    private readonly IReadOnlyList<MigrationDefinition>? _fixed;
    private readonly MigrationHistory _history;
    private readonly MigrationStepRunner _steps;
    private readonly TimeProvider _time;

    /// <summary>Creates a migrator for <paramref name="database"/>.</summary>
    /// <param name="database">The database to migrate.</param>
    /// <param name="options">Sources, history table and lock settings.</param>
    /// <exception cref="ArgumentException">The history table name is invalid.</exception>
    public Migrator(IDatabase database, MigrationOptions options) : this(database, options, null, null)
    {
    }

    internal Migrator(IDatabase database, MigrationOptions options, string? module, IReadOnlyList<MigrationDefinition>? migrations)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        SqlIdentifier.Validate(options.HistoryTable);
        _database = database;
        _options = options;
        _module = module ?? "";
        _fixed = migrations;
        _history = new MigrationHistory(options.HistoryTable);
        var owner = database as Database;
        _time = owner?.TimeProvider ?? TimeProvider.System;
        var logger = owner?.LoggerFactory?.CreateLogger("Strata.Migrations") ?? NullLogger.Instance;
        _steps = new MigrationStepRunner(this, _history, logger, _time, owner?.Telemetry);
    }

    /// <summary>Raised when a migration step starts.</summary>
    public event EventHandler<MigrationEventArgs>? Started;

    /// <summary>Raised when a migration step has completed, with its duration.</summary>
    public event EventHandler<MigrationEventArgs>? Completed;

    /// <summary>Raised when a migration step failed, with the error.</summary>
    public event EventHandler<MigrationEventArgs>? Failed;

    /// <summary>Every migration of the sources, ordered by version.</summary>
    /// <exception cref="MigrationException">A source is malformed, or two migrations share a version (both are named).</exception>
    public IReadOnlyList<MigrationDefinition> LoadMigrations()
    {
        var all = _fixed ?? [.. _options.Sources.SelectMany(s => s.Load(_database.Dialect))];
        foreach (var duplicate in all.GroupBy(m => m.Version, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var sources = duplicate.ToList();
            throw new MigrationException(
                $"Migration version {duplicate.Key} is used twice: by '{sources[0].Source}' and by '{sources[1].Source}'. Give each migration its own version.")
            {
                Version = duplicate.Key, File = sources[1].Source,
            };
        }
        return [.. all.OrderBy(m => m.Version, MigrationVersion.Comparer)];
    }

    /// <summary>Applies the pending migrations in version order, up to and including <paramref name="target"/> when given.</summary>
    /// <param name="target">The last version to apply, or null for all.</param>
    /// <param name="cancellationToken">Cancels the run between and inside statements (a cancelled migration is rolled back where the database can).</param>
    /// <returns>What was applied.</returns>
    /// <exception cref="MigrationException">
    /// A migration failed (rolled back, or recorded as failed on MySQL); an earlier run failed or was interrupted and is not repaired; an applied
    /// migration's file changed (unless <see cref="MigrationOptions.AcceptChangedChecksums"/>); the target is unknown; or the lock was not granted in time.
    /// </exception>
    public async Task<MigrationResult> UpAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        RequireKnown(migrations, target);
        var run = await MigrationRun.StartAsync(_database, _options, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            return await UpInRunAsync(run, migrations, target, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies the pending migrations within a run that already holds the lock (module discovery runs several migrators in one).</summary>
    internal async Task<MigrationResult> UpInRunAsync(MigrationRun run, IReadOnlyList<MigrationDefinition> migrations, string? target, CancellationToken cancellationToken)
    {
        await _history.EnsureAsync(run.Session, cancellationToken).ConfigureAwait(false);
        var pending = await PendingAsync(run.Session, migrations, target, repair: true, cancellationToken).ConfigureAwait(false);
        var batch = await _history.NextBatchAsync(run.Session, cancellationToken).ConfigureAwait(false);
        var steps = new List<(MigrationDefinition, MigrationDirection, TimeSpan)>();
        for (var i = 0; i < pending.Count; i++)
        {
            var elapsed = await _steps.RunAsync(run, pending[i], MigrationDirection.Up, batch, i + 1, pending.Count, cancellationToken).ConfigureAwait(false);
            steps.Add((pending[i], MigrationDirection.Up, elapsed));
        }
        return new MigrationResult(steps);
    }

    /// <summary>Rolls back the last <paramref name="steps"/> applied migrations, newest first.</summary>
    /// <param name="steps">How many migrations to roll back.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="MigrationException">One of them has no down step, is irreversible or has no source any more (checked before anything runs), or a down step failed.</exception>
    public Task<MigrationResult> DownAsync(int steps = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return RollBackAsync(applied => applied.Take(steps), cancellationToken);
    }

    /// <summary>Rolls back every applied migration newer than <paramref name="version"/> (<c>"0"</c> for all), newest first.</summary>
    /// <param name="version">The version to end at; it stays applied.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="MigrationException">The version is unknown, or a migration to roll back has no down step (checked first), or a down step failed.</exception>
    public Task<MigrationResult> DownToAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version != "0") RequireKnown(LoadMigrations(), version);
        return RollBackAsync(applied => applied.Where(r => MigrationVersion.Comparer.Compare(r.Version, version) > 0), cancellationToken);
    }

    /// <summary>Rolls back every applied migration, newest first.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<MigrationResult> ResetAsync(CancellationToken cancellationToken = default) => DownToAsync("0", cancellationToken);

    /// <summary>Rolls back every applied migration, then applies them all again.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<MigrationResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var down = await ResetAsync(cancellationToken).ConfigureAwait(false);
        var up = await UpAsync(null, cancellationToken).ConfigureAwait(false);
        return new MigrationResult([.. down.Steps, .. up.Steps]);
    }

    /// <summary>Each migration known to the sources or the history, with its state, ordered by version. Reads only; takes no lock.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public Task<IReadOnlyList<MigrationStatus>> StatusAsync(CancellationToken cancellationToken = default) => StatusThroughAsync(_database.OnPrimary(), cancellationToken);

    /// <summary>The states, read through <paramref name="session"/> (a run's own session sees what the run has not committed yet).</summary>
    internal async Task<IReadOnlyList<MigrationStatus>> StatusThroughAsync(IDbSession session, CancellationToken cancellationToken)
    {
        var migrations = LoadMigrations();
        var rows = (await _history.ReadAsync(session, _module, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Version, StringComparer.Ordinal);
        var result = new List<MigrationStatus>();
        foreach (var migration in migrations)
        {
            if (!rows.Remove(migration.Version, out var row))
            {
                result.Add(new MigrationStatus(migration.Version, migration.Name, MigrationState.Pending, migration, null, null, null, null, null));
                continue;
            }
            var state = row.IsBroken ? MigrationState.Failed : row.Checksum != migration.Checksum ? MigrationState.ChecksumChanged : MigrationState.Applied;
            result.Add(Status(row, state, migration));
        }
        result.AddRange(rows.Values.Select(r => Status(r, r.IsBroken ? MigrationState.Failed : MigrationState.Missing, null)));
        return [.. result.OrderBy(s => s.Version, MigrationVersion.Comparer)];
    }

    /// <summary>
    /// A dry run of <see cref="UpAsync"/>: the exact statements each pending migration would run, without running them. C# migrations run
    /// against a recording session inside a transaction that is rolled back, so their statements are captured, not sent (their queries do run).
    /// </summary>
    /// <param name="target">The last version to include, or null for all.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="MigrationException">What <see cref="UpAsync"/> would refuse for (a failed run, a changed file, an unknown target).</exception>
    public async Task<MigrationPlan> PlanAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        RequireKnown(migrations, target);
        var pending = await PendingAsync(_database.OnPrimary(), migrations, target, repair: false, cancellationToken).ConfigureAwait(false);
        var steps = new List<MigrationPlanStep>();
        foreach (var migration in pending)
        {
            var statements = migration.Statements(up: true, _database.Dialect.LexicalRules);
            steps.Add(new MigrationPlanStep(migration, MigrationDirection.Up,
                statements is null ? await RecordAsync(migration, cancellationToken).ConfigureAwait(false) : [.. statements.Select(s => s.Text)]));
        }
        return new MigrationPlan(steps);
    }

    /// <summary>Clears the failed or interrupted run of <paramref name="version"/> from the history, after the database was put right by hand, so it runs again.</summary>
    /// <param name="version">The migration's version.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="MigrationException">The migration has no failed or interrupted run to repair.</exception>
    public async Task RepairAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var run = await MigrationRun.StartAsync(_database, _options, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            var row = (await _history.ReadAsync(run.Session, _module, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Version == version);
            if (row is not { IsBroken: true })
                throw new MigrationException($"Migration {version} has no failed or interrupted run to repair{(row is null ? "" : ": it is applied")}.") { Version = version };
            await _history.DeleteAsync(run.Session, _module, version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Marks an existing database (made before it used these migrations) as being at <paramref name="version"/>: every migration up to
    /// and including it is recorded as applied without running.
    /// </summary>
    /// <param name="version">The version the database already matches.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="MigrationException">The version is unknown.</exception>
    public async Task BaselineAsync(string version, CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        RequireKnown(migrations, version);
        var run = await MigrationRun.StartAsync(_database, _options, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            await _history.EnsureAsync(run.Session, cancellationToken).ConfigureAwait(false);
            var recorded = (await _history.ReadAsync(run.Session, _module, cancellationToken).ConfigureAwait(false)).Select(r => r.Version).ToHashSet(StringComparer.Ordinal);
            var batch = await _history.NextBatchAsync(run.Session, cancellationToken).ConfigureAwait(false);
            foreach (var migration in migrations.Where(m => MigrationVersion.Comparer.Compare(m.Version, version) <= 0 && !recorded.Contains(m.Version)))
                await _history.InsertAsync(run.Session, HistoryRow.For(migration, _time.GetUtcNow(), batch, MigrationHistory.Applied), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a new migration file with the next version into <see cref="MigrationOptions.NewMigrationsFolder"/>: a SQL file with empty
    /// <c>-- UP</c> and <c>-- DOWN</c> sections, or a C# class. Versions continue a folder's <c>001</c>-style numbering, or are UTC timestamps.
    /// </summary>
    /// <param name="name">The migration's name: letters, digits and underscores, starting with a letter (<c>add_users_email</c>).</param>
    /// <param name="kind">A SQL file or a C# class.</param>
    /// <param name="cancellationToken">Cancels writing the file.</param>
    /// <returns>The new file's path.</returns>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="MigrationException">No folder to write to.</exception>
    public async Task<string> CreateAsync(string name, MigrationKind kind = MigrationKind.Sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SqlIdentifier.IsValid(name) || name.Contains('.', StringComparison.Ordinal) || name.Contains('$', StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a migration name: use letters, digits and underscores, starting with a letter (add_users_email).", nameof(name));
        var folder = _options.NewMigrationsFolder
            ?? throw new MigrationException("There is no folder to write new migrations into: set MigrationOptions.NewMigrationsFolder, or add a folder source.");
        Directory.CreateDirectory(folder);
        var version = NextVersion(LoadMigrations());
        var path = kind == MigrationKind.Sql
            ? Path.Combine(folder, $"{version}_{name}.sql")
            : Path.Combine(folder, $"{version}_{ClassName(name)}.cs");
        var text = kind == MigrationKind.Sql
            ? $"-- {name}\n-- UP\n\n\n-- DOWN\n\n"
            : $$"""
                using Strata;

                [Migration("{{version}}", "{{name.Replace('_', ' ')}}")]
                public sealed class {{ClassName(name)}} : Migration
                {
                    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
                    {
                        await Task.CompletedTask;
                    }

                    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
                    {
                        await Task.CompletedTask;
                    }
                }

                """;
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        return path;
    }

    internal void Report(MigrationProgress progress) => _options.Progress?.Report(progress);

    internal void OnStarted(MigrationEventArgs e) => Started?.Invoke(this, e);

    internal void OnCompleted(MigrationEventArgs e) => Completed?.Invoke(this, e);

    internal void OnFailed(MigrationEventArgs e) => Failed?.Invoke(this, e);

    private async Task<MigrationResult> RollBackAsync(Func<IEnumerable<HistoryRow>, IEnumerable<HistoryRow>> choose, CancellationToken cancellationToken)
    {
        var migrations = LoadMigrations().ToDictionary(m => m.Version, StringComparer.Ordinal);
        var run = await MigrationRun.StartAsync(_database, _options, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            var rows = await _history.ReadAsync(run.Session, _module, cancellationToken).ConfigureAwait(false);
            if (rows.FirstOrDefault(r => r.IsBroken) is { } broken) throw broken.Refusal(_history.Table);
            var newestFirst = rows.OrderByDescending(r => r.Batch).ThenByDescending(r => r.Version, MigrationVersion.Comparer);
            var targets = choose(newestFirst).ToList();
            var steps = new List<MigrationDefinition>();
            foreach (var row in targets)
            {
                if (!migrations.TryGetValue(row.Version, out var migration))
                    throw new MigrationException($"Migration {row.Version} ({row.Name}) is applied but no source has it any more, so it cannot be rolled back. Restore its file first.") { Version = row.Version };
                if (!migration.HasDown)
                    throw new MigrationException(migration.PlainSql
                        ? $"Migration {migration} is a plain SQL file without '-- UP' and '-- DOWN' lines, so it is up-only and cannot be rolled back (nothing was rolled back). " +
                          "To make it reversible, put '-- UP' before its SQL and '-- DOWN' before the SQL that undoes it (this changes its checksum: set AcceptChangedChecksums once)."
                        : migration.Irreversible
                        ? $"Migration {migration} is declared irreversible, so it cannot be rolled back (nothing was rolled back)."
                        : $"Migration {migration} has no down step, so it cannot be rolled back (nothing was rolled back). Add a '-- DOWN' section or override DownAsync.")
                    {
                        Version = migration.Version, File = migration.Source,
                    };
                steps.Add(migration);
            }
            var done = new List<(MigrationDefinition, MigrationDirection, TimeSpan)>();
            for (var i = 0; i < steps.Count; i++)
            {
                var elapsed = await _steps.RunAsync(run, steps[i], MigrationDirection.Down, 0, i + 1, steps.Count, cancellationToken).ConfigureAwait(false);
                done.Add((steps[i], MigrationDirection.Down, elapsed));
            }
            return new MigrationResult(done);
        }
    }

    /// <summary>The migrations UpAsync would apply, after refusing what it must refuse (read under the lock when <paramref name="repair"/>).</summary>
    private async Task<IReadOnlyList<MigrationDefinition>> PendingAsync(IDbSession session, IReadOnlyList<MigrationDefinition> migrations, string? target, bool repair,
        CancellationToken cancellationToken)
    {
        var rows = (await _history.ReadAsync(session, _module, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Version, StringComparer.Ordinal);
        var byVersion = migrations.ToDictionary(m => m.Version, StringComparer.Ordinal);
        foreach (var row in rows.Values.Where(r => r.IsBroken).ToList())
        {
            // A failed run whose file has been fixed since runs again; an unchanged one waits for RepairAsync.
            if (!byVersion.TryGetValue(row.Version, out var migration) || migration.Checksum == row.Checksum) throw row.Refusal(_history.Table);
            if (repair) await _history.DeleteAsync(session, _module, row.Version, cancellationToken).ConfigureAwait(false);
            rows.Remove(row.Version);
        }
        var changed = rows.Values.Where(r => byVersion.TryGetValue(r.Version, out var m) && m.Checksum != r.Checksum).ToList();
        if (changed.Count > 0)
        {
            if (!_options.AcceptChangedChecksums)
                throw new MigrationException(
                    $"Applied migration{(changed.Count > 1 ? "s" : "")} {string.Join(", ", changed.Select(r => $"{r.Version} ({byVersion[r.Version].Source})"))} changed after " +
                    $"{(changed.Count > 1 ? "they were" : "it was")} applied (the checksum differs). Restore the original, add a new migration for the change, " +
                    "or set MigrationOptions.AcceptChangedChecksums to record the new checksum.") { Version = changed[0].Version, File = byVersion[changed[0].Version].Source };
            if (repair)
            {
                foreach (var row in changed)
                    await _history.UpdateChecksumAsync(session, _module, row.Version, byVersion[row.Version].Checksum, cancellationToken).ConfigureAwait(false);
            }
        }
        return [.. migrations.Where(m => !rows.ContainsKey(m.Version) && (target is null || MigrationVersion.Comparer.Compare(m.Version, target) <= 0))];
    }

    private async Task<IReadOnlyList<string>> RecordAsync(MigrationDefinition migration, CancellationToken cancellationToken)
    {
        var tx = await _database.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            var recorded = new List<string>();
            tx.RecordedStatements = recorded;
            await _steps.ExecuteAsync(tx, migration, up: true, null, null, new MigrationStepRunner.StepProgress(), cancellationToken).ConfigureAwait(false);
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return recorded;
        }
    }

    private static void RequireKnown(IReadOnlyList<MigrationDefinition> migrations, string? version)
    {
        if (version is not null && migrations.All(m => m.Version != version))
            throw new MigrationException($"No migration has the version '{version}'. Known versions: {string.Join(", ", migrations.Select(m => m.Version).Take(20))}.") { Version = version };
    }

    private string NextVersion(IReadOnlyList<MigrationDefinition> migrations)
    {
        var last = migrations.Count > 0 ? migrations[^1].Version : null;
        if (last is not null && last.Length <= 6 && last.All(char.IsAsciiDigit))
            return (long.Parse(last, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture).PadLeft(last.Length, '0');
        var stamp = _time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (last is not null && MigrationVersion.Comparer.Compare(stamp, last) <= 0 && last.All(char.IsAsciiDigit))
            stamp = (decimal.Parse(last, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        return stamp;
    }

    private static string ClassName(string name) =>
        string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static MigrationStatus Status(HistoryRow row, MigrationState state, MigrationDefinition? migration) =>
        new(row.Version, row.Name, state, migration, row.AppliedAt, row.Batch, TimeSpan.FromMilliseconds(row.ExecutionMs), row.Statement, row.Error);
}
