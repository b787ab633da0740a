using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate reset</c>: rolls back every applied migration.</summary>
internal sealed class MigrateResetCommand : CliCommand
{
    private readonly Option<bool> _force = new("--force", "-f") { Description = "Go on without asking, even on a database marked Production." };

    public override string Path => "migrate reset";

    public override string Description => "Roll back every applied migration, newest first.";

    public override IReadOnlyList<string> Examples => ["migrate reset", "migrate reset --force"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Options.Add(_force);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        context.ConfirmDestructive("roll back every migration", context.Get(_force));
        var result = await MigrationViews.RunAsync(context, "Rolling back", db => db.Migrator.ResetAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return MigrationViews.Result(context, result, "Nothing to roll back.");
    }
}
