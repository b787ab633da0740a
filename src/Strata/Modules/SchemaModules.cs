using Strata.Scripts;

namespace Strata.Modules;

using Strata.Query;

/// <summary>
/// The modules that bring their own database files (<see cref="DatabaseOptions.Modules"/>), as <c>db.Schemas</c>:
/// <see cref="ApplyAsync"/> initializes each new module once (its <c>schema.sql</c>, then <c>init.sql</c>), records it in
/// <c>strata_schema_versions</c>, and applies its pending migrations (history kept per module), dependencies first.
/// </summary>
/// <remarks>
/// Runs under the same lock as the migrator, so concurrent runners initialize each module once. Running it again is a
/// no-op; a module added later is initialized on the next run; a <c>schema.sql</c> changed after initialization is
/// reported as <see cref="SchemaModuleState.SchemaChanged"/>, not run again. Thread-safe.
/// </remarks>
public sealed class SchemaModules
{
    private readonly IDatabase _database;
    private readonly SchemaModuleOptions _options;
    private readonly MigrationOptions _migrations;
    private readonly TimeProvider _time;
    private volatile IReadOnlyList<SchemaModuleStatus>? _last;

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
    }

    /// <summary>Finds the modules and orders them dependencies first.</summary>
    /// <exception cref="MigrationException">A <c>module.json</c> does not parse or lacks its name or version, two modules share a name, a dependency is missing, or modules depend on each other in a cycle; the message names them.</exception>
    public IReadOnlyList<SchemaModule> Discover() => SchemaModuleDiscovery.Discover(_options);

    /// <summary>The modules as the last <see cref="ApplyAsync"/> or <see cref="StatusAsync"/> left them, or freshly discovered (<see cref="SchemaModuleState.Discovered"/>) before either ran.</summary>
    public IReadOnlyList<SchemaModuleStatus> GetAll() => _last ?? [.. Discover().Select(m => new SchemaModuleStatus(m, SchemaModuleState.Discovered, null, m.Migrations.Count))];

    /// <summary>The module named <paramref name="name"/> (see <see cref="GetAll"/>), or null.</summary>
    /// <param name="name">The module's name, e.g. <c>core/auth</c>.</param>
    public SchemaModuleStatus? Get(string name) => GetAll().FirstOrDefault(m => m.Module.Name == name);

    /// <summary>Initializes new modules and applies every module's pending migrations, dependencies first.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Each module's state afterwards.</returns>
    /// <exception cref="MigrationException">Discovery failed, or a statement of a module's files or migrations failed (the message names the file and line).</exception>
    public async Task<IReadOnlyList<SchemaModuleStatus>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        var modules = Discover();
        var run = await MigrationRun.StartAsync(_database, _migrations, _time, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            await EnsureTableAsync(run.Session, cancellationToken).ConfigureAwait(false);
            var recorded = await ReadAsync(run.Session, cancellationToken).ConfigureAwait(false);
            foreach (var module in modules)
            {
                if (!recorded.ContainsKey(module.Name))
                {
                    await InitializeAsync(run, module, cancellationToken).ConfigureAwait(false);
                    recorded[module.Name] = new VersionRow(module.Name, module.Version, module.Checksum, _time.GetUtcNow());
                }
                if (module.Migrations.Count > 0)
                    await new Migrator(_database, _migrations, module.Name, module.Migrations).UpInRunAsync(run, module.Migrations, null, cancellationToken).ConfigureAwait(false);
            }
            return _last = await StatesAsync(run.Session, modules, recorded, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each module's state, read from the database without changing it.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<SchemaModuleStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var modules = Discover();
        // Read where the runs write: a replica may not have replayed the last one yet.
        var primary = _database.OnPrimary();
        var recorded = await primary.Schema.HasTableAsync(_options.VersionsTable, cancellationToken).ConfigureAwait(false)
            ? await ReadAsync(primary, cancellationToken).ConfigureAwait(false)
            : [];
        return _last = await StatesAsync(primary, modules, recorded, cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(MigrationRun run, SchemaModule module, CancellationToken cancellationToken)
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
            await session.From(_options.VersionsTable).InsertAsync(new
            {
                module = module.Name, version = module.Version, checksum = module.Checksum, applied_at = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
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
}
