namespace Strata.Cli.Commands.Modules;

/// <summary><c>strata modules apply</c>: initializes new modules and applies their pending migrations.</summary>
internal sealed class ModulesApplyCommand : CliCommand
{
    public override string Path => "modules apply";

    public override string Description => "Initialize new modules (schema.sql, then init.sql, once) and apply every module's pending migrations, dependencies first.";

    public override IReadOnlyList<string> Examples => ["modules apply", "modules apply --modules src/modules"];

    public override bool UsesSources => true;

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var report = await context.Output.StatusAsync("Applying modules", () => database.Schemas.ApplyAsync(cancellationToken)).ConfigureAwait(false);
        var code = ModuleViews.Show(context, report);
        context.Output.Done($"{report.Count} module{(report.Count == 1 ? "" : "s")} up to date.");
        return code;
    }
}
