using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate refresh</c>: rolls back every migration, then applies them all again.</summary>
internal sealed class MigrateRefreshCommand : CliCommand
{
    private readonly Option<bool> _force = new("--force", "-f") { Description = "Go on without asking, even on a database marked Production." };

    public override string Path => "migrate refresh";

    public override string Description => "Roll back every applied migration, then apply them all again.";

    public override IReadOnlyList<string> Examples => ["migrate refresh", "migrate refresh --force"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Options.Add(_force);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        context.ConfirmDestructive("roll back and re-apply every migration", context.Get(_force));
        var result = await MigrationViews.RunAsync(context, "Refreshing", db => db.Migrator.RefreshAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return MigrationViews.Result(context, result, "Nothing to refresh.");
    }
}
