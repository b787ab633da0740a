namespace Strata.Cli.Commands.Modules;

/// <summary><c>strata modules list</c>: the modules found on disk, in the order they run, without reading the database.</summary>
internal sealed class ModulesListCommand : CliCommand
{
    public override string Path => "modules list";

    public override string Description => "List the modules found in the module folders, dependencies first, without reading the database.";

    public override IReadOnlyList<string> Examples => ["modules list", "modules list --modules src/modules"];

    public override bool UsesSources => true;

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken, filesOnly: true).ConfigureAwait(false);
        return ModuleViews.Show(context, database.Schemas.GetAll());
    }
}
