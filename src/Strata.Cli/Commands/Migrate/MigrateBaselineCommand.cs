using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate baseline V</c>: records an existing database as being at version V.</summary>
internal sealed class MigrateBaselineCommand : CliCommand
{
    private readonly Argument<string> _version = new("version") { Description = "The version the database already matches." };

    public override string Path => "migrate baseline";

    public override string Description => "Record every migration up to a version as applied without running it (for a database made before its migrations).";

    public override IReadOnlyList<string> Examples => ["migrate baseline 20250103_002"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Arguments.Add(_version);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var version = context.Get(_version)!;
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        await database.Migrator.BaselineAsync(version, cancellationToken).ConfigureAwait(false);
        if (context.Output.Json) context.Output.WriteJson(new { baseline = version });
        else context.Output.Done($"Recorded every migration up to {version} as applied.");
        return ExitCodes.Success;
    }
}
