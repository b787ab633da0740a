namespace Strata.Cli.Commands.Modules;

/// <summary><c>strata modules status</c>: each module's state in the database.</summary>
internal sealed class ModulesStatusCommand : CliCommand
{
    public override string Path => "modules status";

    public override string Description => "Show each module's state in the database: pending, up to date, migrations pending, or schema changed.";

    public override IReadOnlyList<string> Examples => ["modules status", "modules status --json"];

    public override bool UsesSources => true;

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        return ModuleViews.Show(context, await database.Schemas.StatusAsync(cancellationToken).ConfigureAwait(false));
    }
}
