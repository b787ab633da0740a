using System.CommandLine;
using Spectre.Console;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate create NAME</c>: writes a new, versioned migration file.</summary>
internal sealed class MigrateCreateCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "Letters, digits and underscores, starting with a letter: add_users_email." };
    private readonly Option<bool> _sql = new("--sql") { Description = "A SQL file with -- UP and -- DOWN sections (the default)." };
    private readonly Option<bool> _cs = new("--cs") { Description = "A C# [Migration] class instead." };

    public override string Path => "migrate create";

    public override string Description => "Write a new migration file with the next version (a timestamp, or the folder's 001-style numbering) into the migrations folder.";

    public override IReadOnlyList<string> Examples => ["migrate create add_users_email", "migrate create backfill_totals --cs", "migrate create add_index --migrations db/migrations"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_sql);
        command.Options.Add(_cs);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.Get(_sql) && context.Get(_cs)) throw new UsageException("Give --sql or --cs, not both.");
        var name = context.Get(_name)!;
        var kind = context.Get(_cs) ? MigrationKind.Code : MigrationKind.Sql;
        var database = await context.OpenAsync(cancellationToken, filesOnly: true).ConfigureAwait(false);
        string path;
        try
        {
            path = await database.Migrator.CreateAsync(name, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter", 2)[0]);
        }
        if (context.Output.Json) context.Output.WriteJson(new { path });
        else
        {
            context.Output.Console.WriteLine(path);
            context.Output.Done($"Created {System.IO.Path.GetFileName(path)}: write its {(kind == MigrationKind.Sql ? "-- UP and -- DOWN sections" : "UpAsync and DownAsync")}.");
        }
        return ExitCodes.Success;
    }
}
