using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate repair V</c>: clears a failed run from the history so the migration runs again.</summary>
internal sealed class MigrateRepairCommand : CliCommand
{
    private readonly Argument<string> _version = new("version") { Description = "The failed migration's version." };

    public override string Path => "migrate repair";

    public override string Description => "Clear a failed or interrupted migration from the history, after putting the database right by hand, so it runs again.";

    public override IReadOnlyList<string> Examples => ["migrate repair 20250103_002"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Arguments.Add(_version);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var version = context.Get(_version)!;
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        await database.Migrator.RepairAsync(version, cancellationToken).ConfigureAwait(false);
        if (context.Output.Json) context.Output.WriteJson(new { repaired = version });
        else context.Output.Done($"Cleared the failed run of {version}; 'strata migrate up' runs it again.");
        return ExitCodes.Success;
    }
}
