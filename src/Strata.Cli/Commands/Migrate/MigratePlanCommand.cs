using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate plan</c>: the exact SQL each pending migration would run.</summary>
internal sealed class MigratePlanCommand : CliCommand
{
    private readonly Option<string?> _to = new("--to") { Description = "The last version to include." };

    public override string Path => "migrate plan";

    public override string Description => "Print the SQL each pending migration would run (C# migrations are recorded in a rolled-back transaction); change nothing.";

    public override IReadOnlyList<string> Examples => ["migrate plan", "migrate plan --json"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Options.Add(_to);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.KeyValueTarget is { } store) return await KeyValueMigrations.PlanAsync(context, store, context.Get(_to), cancellationToken).ConfigureAwait(false);
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        return MigrationViews.Plan(context, await database.Migrator.PlanAsync(context.Get(_to), cancellationToken).ConfigureAwait(false));
    }
}
