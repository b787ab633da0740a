using System.CommandLine;
using Spectre.Console;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate migration NAME</c>: a C# migration class with the next version.</summary>
internal sealed class GenerateMigrationCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "Letters, digits and underscores, starting with a letter." };

    public override string Path => "generate migration";

    public override string Description => "Write a C# [Migration] class with the next version into the migrations folder (strata migrate create writes SQL).";

    public override IReadOnlyList<string> Examples => ["generate migration backfill_totals", "generate migration add_audit --migrations Data/Migrations"];

    public override bool UsesSources => true;

    public override void Configure(Command command) => command.Arguments.Add(_name);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken, filesOnly: true).ConfigureAwait(false);
        string path;
        try
        {
            path = await database.Migrator.CreateAsync(context.Get(_name)!, MigrationKind.Code, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter", 2)[0]);
        }
        if (context.Output.Json) context.Output.WriteJson(new { path });
        else context.Output.Console.WriteLine(path);
        return ExitCodes.Success;
    }
}
