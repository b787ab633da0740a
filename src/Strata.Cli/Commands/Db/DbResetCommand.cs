using System.CommandLine;
using Spectre.Console;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db reset</c>: drops everything, migrates from nothing, applies modules, and seeds.</summary>
internal sealed class DbResetCommand : CliCommand
{
    private readonly Option<bool> _force = new("--force", "-f") { Description = "Go on without asking, even on a database marked Production." };
    private readonly Option<string> _environment = new("--env", "-e") { Description = "The environment to seed.", DefaultValueFactory = _ => "development" };
    private readonly Option<bool> _noSeed = new("--no-seed") { Description = "Migrate only; run no seeds." };

    public override string Path => "db reset";

    public override string Description => "Drop every table and view (and on PostgreSQL sequences, types and routines), apply every migration and module, then run the seeds.";

    public override IReadOnlyList<string> Examples => ["db reset", "db reset --env test --force", "db reset --no-seed"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_force);
        command.Options.Add(_environment);
        command.Options.Add(_noSeed);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        context.ConfirmDestructive("drop every table, view and routine, then migrate and seed", context.Get(_force));
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var output = context.Output;
        // Read the sources first: a broken migration folder stops the reset before anything is dropped.
        database.Migrator.LoadMigrations();
        var modules = database.Schemas.Discover();
        var dropped = await output.StatusAsync("Dropping everything", () => database.Schema.DropAllAsync(cancellationToken)).ConfigureAwait(false);
        output.Done($"Dropped {dropped.Count} table{(dropped.Count == 1 ? "" : "s")} and view{(dropped.Count == 1 ? "" : "s")}.");
        var migrated = await output.StatusAsync("Migrating", () => database.Migrator.UpAsync(null, cancellationToken)).ConfigureAwait(false);
        output.Done($"Applied {migrated.Steps.Count} migration{(migrated.Steps.Count == 1 ? "" : "s")}.");
        if (modules.Count > 0)
        {
            await output.StatusAsync("Applying modules", () => database.Schemas.ApplyAsync(cancellationToken)).ConfigureAwait(false);
            output.Done($"Applied {modules.Count} module{(modules.Count == 1 ? "" : "s")}.");
        }
        IReadOnlyList<string> seeds = [];
        if (!context.Get(_noSeed))
        {
            var environment = context.Get(_environment)!;
            seeds = await output.StatusAsync($"Seeding {environment}", () => database.Seeder.SeedAsync(environment, cancellationToken)).ConfigureAwait(false);
            output.Done($"Ran {seeds.Count} seed{(seeds.Count == 1 ? "" : "s")} for {environment}.");
        }
        if (output.Json)
            output.WriteJson(new { dropped, migrations = migrated.Steps.Select(s => s.Migration.Version), modules = modules.Select(m => m.Name), seeds });
        else output.Line($"[green]Reset {Markup.Escape(context.Target.DisplayUrl)}.[/]");
        return ExitCodes.Success;
    }
}
