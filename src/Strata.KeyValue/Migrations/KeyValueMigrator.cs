using System.Diagnostics;
using System.Text.Json;
using Strata.Diagnostics;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// Applies, rolls back and reports a key-value store's versioned migrations (<see cref="IKeyValueMigration"/> classes of
/// <see cref="KeyValueOptions.MigrationAssemblies"/> and <see cref="KeyValueOptions.MigrationTypes"/>), recording each in
/// the reserved namespace <c>__strata_migrations</c>. The same shape as the SQL side's <see cref="Migrator"/>: up to a
/// target, down by steps, status, and a dry-run plan.
/// </summary>
/// <remarks>
/// Each step and its history record are one transaction, so a step is applied all-or-nothing and recorded exactly when it
/// is applied; a crash mid-step leaves it pending. Operations in this process run one at a time; no other process can
/// have the store open. Thread-safe.
/// </remarks>
public sealed class KeyValueMigrator
{
    /// <summary>The reserved namespace holding the history (a key per applied version).</summary>
    public const string HistoryNamespace = "__strata_migrations";

    private const int ConflictAttempts = 3;
    private readonly KeyValueStore _store;

    internal KeyValueMigrator(KeyValueStore store) => _store = store;

    /// <summary>Every migration of the options' assemblies and types, ordered by version.</summary>
    /// <exception cref="MigrationException">A migration class is malformed, or two share a version (both are named).</exception>
    public IReadOnlyList<KeyValueMigrationDefinition> LoadMigrations()
    {
        var types = _store.Options.MigrationAssemblies.SelectMany(a => a.GetTypes()).Concat(_store.Options.MigrationTypes)
            .Where(t => typeof(IKeyValueMigration).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Distinct();
        var all = types.Select(KeyValueMigrationDefinition.FromType).ToList();
        foreach (var duplicate in all.GroupBy(m => m.Version, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var both = duplicate.ToList();
            throw new MigrationException($"Key-value migration version {duplicate.Key} is used twice: by {both[0].Source} and by {both[1].Source}. Give each migration its own version.")
            {
                Version = duplicate.Key, File = both[1].Source,
            };
        }
        return [.. all.OrderBy(m => m.Version, MigrationVersion.Comparer)];
    }

    /// <summary>Applies the pending migrations in version order, up to and including <paramref name="target"/> when given.</summary>
    /// <param name="target">The last version to apply, or null for all.</param>
    /// <param name="cancellationToken">Cancels the run between steps and inside a step (which is then not written).</param>
    /// <returns>What was applied.</returns>
    /// <exception cref="MigrationException">A step failed (nothing of it was written; earlier steps stay applied), or the target is unknown.</exception>
    public async Task<KeyValueMigrationResult> UpAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        RequireKnown(migrations, target);
        await _store.MigrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = await HistoryAsync(cancellationToken).ConfigureAwait(false);
            var steps = new List<KeyValueMigrationStep>();
            foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version) && (target is null || MigrationVersion.Comparer.Compare(m.Version, target) <= 0)))
                steps.Add(await RunAsync(migration, MigrationDirection.Up, cancellationToken).ConfigureAwait(false));
            return new KeyValueMigrationResult(steps);
        }
        finally
        {
            _store.MigrationGate.Release();
        }
    }

    /// <summary>Rolls back the last <paramref name="steps"/> applied migrations, newest first.</summary>
    /// <param name="steps">How many to roll back.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="MigrationException">One of them has no down step, is irreversible or has no class any more (checked before anything runs), or a down step failed.</exception>
    public async Task<KeyValueMigrationResult> DownAsync(int steps = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var migrations = LoadMigrations().ToDictionary(m => m.Version, StringComparer.Ordinal);
        await _store.MigrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = await HistoryAsync(cancellationToken).ConfigureAwait(false);
            var chosen = new List<KeyValueMigrationDefinition>();
            foreach (var version in applied.Keys.OrderByDescending(v => v, MigrationVersion.Comparer).Take(steps))
            {
                if (!migrations.TryGetValue(version, out var migration))
                    throw new MigrationException($"Key-value migration {version} is applied but no class has it any more, so it cannot be rolled back (nothing was rolled back).") { Version = version };
                if (!migration.HasDown)
                    throw new MigrationException(migration.Irreversible
                        ? $"Key-value migration {migration} is declared irreversible, so it cannot be rolled back (nothing was rolled back)."
                        : $"Key-value migration {migration} has no down step, so it cannot be rolled back (nothing was rolled back). Override DownAsync.")
                    {
                        Version = version, File = migration.Source,
                    };
                chosen.Add(migration);
            }
            var done = new List<KeyValueMigrationStep>();
            foreach (var migration in chosen) done.Add(await RunAsync(migration, MigrationDirection.Down, cancellationToken).ConfigureAwait(false));
            return new KeyValueMigrationResult(done);
        }
        finally
        {
            _store.MigrationGate.Release();
        }
    }

    /// <summary>Each migration known to the classes or the history, with its state, ordered by version. Reads only.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<KeyValueMigrationStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        var history = await HistoryAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<KeyValueMigrationStatus>();
        foreach (var migration in migrations)
        {
            result.Add(history.Remove(migration.Version, out var entry)
                ? new KeyValueMigrationStatus(migration.Version, migration.Name, MigrationState.Applied, migration, entry.AppliedAt, TimeSpan.FromMilliseconds(entry.ExecutionMs))
                : new KeyValueMigrationStatus(migration.Version, migration.Name, MigrationState.Pending, migration, null, null));
        }
        result.AddRange(history.Select(h => new KeyValueMigrationStatus(h.Key, h.Value.Name, MigrationState.Missing, null, h.Value.AppliedAt, TimeSpan.FromMilliseconds(h.Value.ExecutionMs))));
        return [.. result.OrderBy(s => s.Version, MigrationVersion.Comparer)];
    }

    /// <summary>
    /// A dry run of <see cref="UpAsync"/>: runs each pending up step in one transaction that is then rolled back, and returns
    /// the writes each made. Later steps see the earlier ones' writes, as they would for real. Nothing is written, except
    /// that a namespace a step asks for is created (empty) if missing.
    /// </summary>
    /// <param name="target">The last version to include, or null for all.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="MigrationException">A step failed, or the target is unknown.</exception>
    public async Task<KeyValueMigrationPlan> PlanAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = LoadMigrations();
        RequireKnown(migrations, target);
        var applied = await HistoryAsync(cancellationToken).ConfigureAwait(false);
        var recorded = new List<KeyValuePlannedWrite>();
        var steps = new List<KeyValueMigrationPlanStep>();
        var transaction = KeyValueTransaction.Begin(_store, readOnly: false, recorded);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version) && (target is null || MigrationVersion.Comparer.Compare(m.Version, target) <= 0)))
            {
                var start = recorded.Count;
                try
                {
                    await migration.CreateInstance().UpAsync(new KeyValueMigrationContext(_store, transaction, migration, _store.Logger, isDryRun: true), cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new MigrationException($"Key-value migration {migration} failed in a dry run: {e.Message}", e) { Version = migration.Version, File = migration.Source };
                }
                steps.Add(new KeyValueMigrationPlanStep(migration, recorded.GetRange(start, recorded.Count - start)));
            }
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        return new KeyValueMigrationPlan(steps);
    }

    private async Task<KeyValueMigrationStep> RunAsync(KeyValueMigrationDefinition migration, MigrationDirection direction, CancellationToken cancellationToken)
    {
        var directionName = direction == MigrationDirection.Up ? "up" : "down";
        using var activity = KeyValueTelemetry.Source.HasListeners()
            ? KeyValueTelemetry.Source.StartActivity($"migration {directionName} {migration.Version}", ActivityKind.Internal)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryNames.DbSystemName, KeyValueStore.SystemName);
            activity.SetTag(TelemetryNames.DbNamespace, _store.Path);
            activity.SetTag(TelemetryNames.MigrationVersion, migration.Version);
            activity.SetTag(TelemetryNames.MigrationDirection, directionName);
        }
        var started = Stopwatch.GetTimestamp();
        var history = _store.Reserved(HistoryNamespace);
        for (var attempt = 1; ; attempt++)
        {
            var transaction = KeyValueTransaction.Begin(_store, readOnly: false, null);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    var context = new KeyValueMigrationContext(_store, transaction, migration, _store.Logger, isDryRun: false);
                    var instance = migration.CreateInstance();
                    if (direction == MigrationDirection.Up) await instance.UpAsync(context, cancellationToken).ConfigureAwait(false);
                    else await instance.DownAsync(context, cancellationToken).ConfigureAwait(false);
                    var writes = transaction.WriteCount;
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    var record = transaction.In(history);
                    if (direction == MigrationDirection.Up)
                    {
                        var entry = new HistoryEntry(migration.Name, migration.Source, _store.Time.GetUtcNow(), (long)elapsed.TotalMilliseconds, writes);
                        await record.PutAsync(migration.Version, JsonSerializer.SerializeToUtf8Bytes(entry, HistoryEntry.Json), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await record.DeleteAsync(migration.Version, cancellationToken).ConfigureAwait(false);
                    }
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    elapsed = Stopwatch.GetElapsedTime(started);
                    var logger = _store.Logger;
                    if (logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
                    {
                        var name = migration.ToString();
                        KeyValueLog.Migrated(logger, _store.Path, directionName, name, (long)elapsed.TotalMilliseconds, writes);
                    }
                    KeyValueTelemetry.RecordMigration(_store.Path, directionName, elapsed, failed: false);
                    activity?.SetTag(TelemetryNames.MigrationOutcome, "success");
                    return new KeyValueMigrationStep(migration, direction, elapsed, writes);
                }
                catch (SerializationFailureException) when (attempt < ConflictAttempts)
                {
                    // Another writer touched a key the step read or wrote: nothing was written, so the step runs again on fresh data.
                    KeyValueTelemetry.RecordRetry(_store.Path, null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var logger = _store.Logger;
                    if (logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Error))
                    {
                        var name = migration.ToString();
                        KeyValueLog.MigrationFailed(logger, e, _store.Path, directionName, name);
                    }
                    KeyValueTelemetry.RecordMigration(_store.Path, directionName, Stopwatch.GetElapsedTime(started), failed: true);
                    if (activity is not null)
                    {
                        activity.SetTag(TelemetryNames.MigrationOutcome, "failure");
                        KeyValueTelemetry.Fail(activity, e);
                    }
                    throw new MigrationException($"Key-value migration {migration} failed ({directionName}); nothing of it was written: {e.Message}", e)
                    {
                        Version = migration.Version, File = migration.Source,
                    };
                }
            }
        }
    }

    /// <summary>The applied migrations, by version.</summary>
    private async Task<Dictionary<string, HistoryEntry>> HistoryAsync(CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, HistoryEntry>(StringComparer.Ordinal);
        await foreach (var entry in _store.Reserved(HistoryNamespace).ScanAsync("", cancellationToken: cancellationToken).ConfigureAwait(false))
            history[entry.KeyText] = JsonSerializer.Deserialize<HistoryEntry>(entry.Value, HistoryEntry.Json)!;
        return history;
    }

    private static void RequireKnown(IReadOnlyList<KeyValueMigrationDefinition> migrations, string? version)
    {
        if (version is not null && migrations.All(m => m.Version != version))
            throw new MigrationException($"No key-value migration has the version '{version}'. Known versions: {string.Join(", ", migrations.Select(m => m.Version).Take(20))}.") { Version = version };
    }

    /// <summary>One applied migration's history record.</summary>
    private sealed record HistoryEntry(string Name, string Source, DateTimeOffset AppliedAt, long ExecutionMs, int Writes)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    }
}
