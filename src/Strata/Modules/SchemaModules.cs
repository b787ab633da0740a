using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Scripts;

namespace Strata.Modules;

using Strata.Query;

/// <summary>
/// The modules that bring their own database files (<see cref="DatabaseOptions.Modules"/>), as <c>db.Schemas</c>:
/// <see cref="ApplyAsync"/> initializes each new module once (its <c>schema.sql</c>, then <c>init.sql</c>), records it in
/// <c>strata_schema_versions</c>, and applies its pending migrations (history kept per module), dependencies first.
/// </summary>
/// <remarks>
/// <para>
/// A module is a folder under a modules folder with a <c>database/</c> folder holding <c>schema.sql</c> (required),
/// <c>init.sql</c> (optional) and <c>migrations/*.sql</c>; its name is its path (<c>modules/core/auth/database/</c> is
/// <c>core/auth</c>). A <c>module.json</c> beside the database folder may give its name, version and
/// <c>dependsOn</c> list, and makes a module without tables possible. Each SQL file may have variants per database,
/// chosen when present: <c>schema.postgres.sql</c>, <c>schema.mysql.sql</c>, <c>init.sqlite.sql</c>,
/// <c>002_audit.mariadb.sql</c> (see <see cref="Dialects.SqlDialect.ScriptVariantTags"/>).
/// </para>
/// <para>
/// Runs under the same lock as the migrator, so concurrent runners initialize each module once. Running it again is a
/// no-op; a module added later is initialized on the next run; a <c>schema.sql</c> changed after initialization is
/// reported as <see cref="SchemaModuleState.SchemaChanged"/>, not run again. A folder that looks like a module but cannot
/// be used is left out with a warning, logged (category <c>Strata.Modules</c>) and on <see cref="SchemaModuleReport.Warnings"/>.
/// Thread-safe.
/// </para>
/// </remarks>
public sealed partial class SchemaModules
{
    private readonly IDatabase _database;
    private readonly SchemaModuleOptions _options;
    private readonly MigrationOptions _migrations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile SchemaModuleReport? _last;

    /// <summary>Creates the module runner for <paramref name="database"/>.</summary>
    /// <param name="database">The database.</param>
    /// <param name="options">Where modules are found.</param>
    /// <param name="migrations">The migration history table and lock settings to share with the migrator.</param>
    public SchemaModules(IDatabase database, SchemaModuleOptions options, MigrationOptions migrations)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(migrations);
        SqlIdentifier.Validate(options.VersionsTable);
        _database = database;
        _options = options;
        _migrations = migrations;
        _time = (database as Database)?.TimeProvider ?? TimeProvider.System;
        _logger = (database as Database)?.LoggerFactory?.CreateLogger("Strata.Modules") ?? NullLogger.Instance;
    }

    /// <summary>
    /// Finds the modules and orders them dependencies first, with this database's variant of each file. Folders that look
    /// like modules but cannot be used are left out and logged as warnings (<see cref="GetAll"/> reports them too).
    /// </summary>
    /// <exception cref="MigrationException">
    /// A modules folder does not exist, a <c>module.json</c> or a migration file is malformed, two modules share a name, a dependency
    /// is found nowhere, or modules depend on each other in a cycle; the message names them.
    /// </exception>
    public IReadOnlyList<SchemaModule> Discover() => DiscoverWithWarnings().Modules;

    /// <summary>The modules as the last <see cref="ApplyAsync"/> or <see cref="StatusAsync"/> left them, or freshly discovered (<see cref="SchemaModuleState.Discovered"/>) before either ran.</summary>
    /// <exception cref="MigrationException">Discovery failed (see <see cref="Discover"/>).</exception>
    public SchemaModuleReport GetAll()
    {
        if (_last is { } last) return last;
        var (modules, warnings) = DiscoverWithWarnings();
        return new SchemaModuleReport([.. modules.Select(m => new SchemaModuleStatus(m, SchemaModuleState.Discovered, null, m.Migrations.Count))], warnings);
    }

    /// <summary>The module named <paramref name="name"/> (see <see cref="GetAll"/>), or null.</summary>
    /// <param name="name">The module's name, e.g. <c>core/auth</c>.</param>
    public SchemaModuleStatus? Get(string name) => GetAll().FirstOrDefault(m => m.Module.Name == name);

    /// <summary>Initializes new modules and applies every module's pending migrations, dependencies first.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Each module's state afterwards, and the warnings about folders left out.</returns>
    /// <exception cref="MigrationException">Discovery failed, or a statement of a module's files or migrations failed (the message names the file and line).</exception>
    /// <remarks>
    /// The versions table records each module's <see cref="SchemaModule.Version"/> once its migrations are applied (a module
    /// without a manifest version records its newest migration's version, and <c>"0"</c> until its migrations ran).
    /// </remarks>
    public async Task<SchemaModuleReport> ApplyAsync(CancellationToken cancellationToken = default)
    {
        var (modules, warnings) = DiscoverWithWarnings();
        var run = await MigrationRun.StartAsync(_database, _migrations, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            await EnsureTableAsync(run.Session, cancellationToken).ConfigureAwait(false);
            var recorded = await ReadAsync(run.Session, cancellationToken).ConfigureAwait(false);
            foreach (var module in modules)
            {
                if (!recorded.TryGetValue(module.Name, out var row))
                {
                    // The version is the module's own only once its migrations ran (a version taken from them would claim more).
                    var version = module.ManifestVersion is null && module.Migrations.Count > 0 ? "0" : module.Version;
                    await InitializeAsync(run, module, version, cancellationToken).ConfigureAwait(false);
                    recorded[module.Name] = row = new VersionRow(module.Name, version, module.Checksum, _time.GetUtcNow());
                }
                if (module.Migrations.Count > 0)
                    await new Migrator(_database, _migrations, module.Name, module.Migrations).UpInRunAsync(run, module.Migrations, null, cancellationToken).ConfigureAwait(false);
                if (row.Version != module.Version)
                {
                    await run.Session.From(_options.VersionsTable).Where("module", module.Name).UpdateAsync(MigrationHistory.Columns(("version", module.Version)), cancellationToken).ConfigureAwait(false);
                    recorded[module.Name] = row with { Version = module.Version };
                }
            }
            return _last = new SchemaModuleReport(await StatesAsync(run.Session, modules, recorded, cancellationToken).ConfigureAwait(false), warnings);
        }
    }

    /// <summary>Each module's state, read from the database without changing it, and the warnings about folders left out.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="MigrationException">Discovery failed (see <see cref="Discover"/>).</exception>
    public async Task<SchemaModuleReport> StatusAsync(CancellationToken cancellationToken = default)
    {
        var (modules, warnings) = DiscoverWithWarnings();
        // Read where the runs write: a replica may not have replayed the last one yet.
        var primary = _database.OnPrimary();
        var recorded = await primary.Schema.HasTableAsync(_options.VersionsTable, cancellationToken).ConfigureAwait(false)
            ? await ReadAsync(primary, cancellationToken).ConfigureAwait(false)
            : [];
        return _last = new SchemaModuleReport(await StatesAsync(primary, modules, recorded, cancellationToken).ConfigureAwait(false), warnings);
    }

    private (IReadOnlyList<SchemaModule> Modules, IReadOnlyList<SchemaModuleWarning> Warnings) DiscoverWithWarnings()
    {
        var found = SchemaModuleDiscovery.Discover(_options, _database.Dialect.ScriptVariantTags);
        foreach (var warning in found.Warnings) LogWarning(_logger, warning.Location, warning.Message);
        return found;
    }

    private async Task InitializeAsync(MigrationRun run, SchemaModule module, string version, CancellationToken cancellationToken)
    {
        var statements = new List<(SchemaModuleFile File, SqlScriptStatement Statement)>();
        foreach (var file in new[] { module.Schema, module.Init })
        {
            if (file is null) continue;
            statements.AddRange(SqlScript.Split(file.Text, run.Session.Dialect.LexicalRules).Select(s => (file, s)));
        }
        async Task RunAsync(IDbSession session)
        {
            foreach (var (file, statement) in statements)
            {
                try
                {
                    await session.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken).ConfigureAwait(false);
                }
                catch (DatabaseException e)
                {
                    throw new MigrationException(
                        $"Module '{module.Name}' could not be initialized: statement {statement.Position} of '{file.Path}' (line {statement.Line}) failed: {e.Message} " +
                        (session.Dialect.SupportsTransactionalDdl
                            ? "Its initialization was rolled back."
                            : "Statements before it stayed applied (the database commits each DDL statement); undo them before running again."),
                        new DatabaseErrorDetails(e.Dialect, e.SqlState, e.ErrorNumber, e.Constraint, e.Table, e.Column, e.Sql), e)
                    {
                        File = file.Path, Line = statement.Line, Statement = statement.Position,
                    };
                }
            }
            await session.From(_options.VersionsTable).InsertAsync(MigrationHistory.Columns(
                ("module", module.Name), ("version", version), ("checksum", module.Checksum), ("applied_at", _time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
        }
        if (run.InRunTransaction || run.Session.Dialect.SupportsTransactionalDdl)
            await run.Session.TransactionAsync(tx => RunAsync(tx), cancellationToken: cancellationToken).ConfigureAwait(false);
        else
            await RunAsync(run.Session).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<SchemaModuleStatus>> StatesAsync(IDbSession session, IReadOnlyList<SchemaModule> modules, Dictionary<string, VersionRow> recorded,
        CancellationToken cancellationToken)
    {
        var result = new List<SchemaModuleStatus>();
        foreach (var module in modules)
        {
            if (!recorded.TryGetValue(module.Name, out var row))
            {
                result.Add(new SchemaModuleStatus(module, SchemaModuleState.Pending, null, module.Migrations.Count));
                continue;
            }
            var pending = 0;
            if (module.Migrations.Count > 0)
            {
                var statuses = await new Migrator(session.Database, _migrations, module.Name, module.Migrations).StatusThroughAsync(session, cancellationToken).ConfigureAwait(false);
                pending = statuses.Count(s => s.State == MigrationState.Pending);
            }
            var state = row.Checksum != module.Checksum ? SchemaModuleState.SchemaChanged
                : pending > 0 ? SchemaModuleState.MigrationsPending
                : SchemaModuleState.UpToDate;
            result.Add(new SchemaModuleStatus(module, state, row.AppliedAt, pending));
        }
        return result;
    }

    private Task EnsureTableAsync(IDbSession session, CancellationToken cancellationToken) =>
        session.Schema.CreateTableIfNotExists(_options.VersionsTable, t =>
        {
            t.String("module", 200).PrimaryKey();
            t.String("version", 50);
            t.String("checksum", 64);
            t.Timestamp("applied_at");
        }).ExecuteAsync(cancellationToken);

    private async Task<Dictionary<string, VersionRow>> ReadAsync(IDbSession session, CancellationToken cancellationToken) =>
        (await session.From(_options.VersionsTable).ToListAsync<VersionRow>(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Module, StringComparer.Ordinal);

    private sealed record VersionRow(string Module, string Version, string Checksum, DateTimeOffset AppliedAt);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Module folder left out: {Location}: {Reason}")]
    private static partial void LogWarning(ILogger logger, string location, string reason);
}
