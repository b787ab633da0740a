using System.CommandLine;
using Spectre.Console;

namespace Strata.Cli.Commands.Seed;

/// <summary><c>strata seed run</c>: runs an environment's seeds in one transaction.</summary>
internal sealed class SeedRunCommand : CliCommand
{
    private readonly Option<string> _environment = new("--env", "-e")
    {
        Description = "The environment whose seeds run: seeders for it, seeds/*.sql and seeds/<env>/*.sql.",
        DefaultValueFactory = _ => "development",
    };

    private readonly Option<string?> _class = new("--class") { Description = "Run only the ISeeder class of this name (SQL seed files are left out)." };

    public override string Path => "seed run";

    public override string Description => "Run the seeders and SQL seed files of an environment, in order, in one transaction.";

    public override IReadOnlyList<string> Examples => ["seed run", "seed run --env test", "seed run --class CustomerSeeder --assembly bin/Debug/net10.0/App.dll"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_environment);
        command.Options.Add(_class);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var environment = context.Get(_environment)!;
        var only = context.Get(_class);
        if (only is not null)
        {
            // Just the one seeder class: SQL seed files run by environment, not by name.
            context.Target.Options.Seeds = Only(context.Target.Options.Seeds, only);
        }
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (only is not null)
        {
            var seeds = database.Seeder.List(environment);
            if (seeds.Count == 0)
                throw new UsageException($"No seeder class named '{only}' runs in the {environment} environment (classes come from --assembly or the project in the current folder).");
        }
        var ran = await context.Output.StatusAsync($"Seeding {environment}", () => database.Seeder.SeedAsync(environment, cancellationToken)).ConfigureAwait(false);
        if (context.Output.Json)
        {
            context.Output.WriteJson(new { environment, seeds = ran });
            return ExitCodes.Success;
        }
        foreach (var seed in ran) context.Output.Line($"  [green]✓[/] {Markup.Escape(seed)}");
        context.Output.Done(ran.Count == 0 ? $"No seeds for the {environment} environment." : $"Ran {ran.Count} seed{(ran.Count == 1 ? "" : "s")} for {environment}.");
        return ExitCodes.Success;
    }

    private static SeedOptions Only(SeedOptions all, string name)
    {
        var only = new SeedOptions();
        foreach (var type in all.Seeders.Where(t => t.Name == name || t.FullName == name)) only.Seeders.Add(type);
        return only;
    }
}
