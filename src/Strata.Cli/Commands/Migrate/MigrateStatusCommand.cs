using Spectre.Console;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate status</c>: every migration with its state.</summary>
internal sealed class MigrateStatusCommand : CliCommand
{
    public override string Path => "migrate status";

    public override string Description => "List every migration with its state (applied, pending, missing, changed, failed), when it was applied, and whether its checksum matches.";

    public override IReadOnlyList<string> Examples => ["migrate status", "migrate status --json"];

    public override bool UsesSources => true;

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.KeyValueTarget is { } store) return await KeyValueMigrations.StatusAsync(context, store, cancellationToken).ConfigureAwait(false);
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var status = await context.Output.StatusAsync("Reading the migration history", () => database.Migrator.StatusAsync(cancellationToken)).ConfigureAwait(false);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(status.Select(s => new
            {
                version = s.Version,
                name = s.Name,
                state = s.State,
                appliedAt = s.AppliedAt,
                checksumOk = ChecksumOk(s),
                source = s.Migration?.Source,
                error = s.Error,
            }));
            return ExitCodes.Success;
        }
        if (status.Count == 0)
        {
            output.Info("No migrations: add .sql files to ./migrations (strata migrate create NAME), or point --migrations at a folder.");
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Version").AddColumn("Name").AddColumn("State").AddColumn("Applied at").AddColumn("Checksum ok");
        foreach (var s in status)
        {
            table.AddRow(Markup.Escape(s.Version), Markup.Escape(s.Name), State(s.State),
                s.AppliedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "",
                ChecksumOk(s) switch { true => "[green]yes[/]", false => "[red]no[/]", null => "" });
        }
        output.Write(table);
        var pending = status.Count(s => s.State == MigrationState.Pending);
        output.Info($"{status.Count(s => s.State == MigrationState.Applied)} applied, {pending} pending" +
                    (status.Any(s => s.State is MigrationState.Failed or MigrationState.ChecksumChanged or MigrationState.Missing) ? ", [red]some need attention[/]" : "") + ".");
        return ExitCodes.Success;
    }

    private static bool? ChecksumOk(MigrationStatus s) => s.State switch
    {
        MigrationState.Applied => true,
        MigrationState.ChecksumChanged => false,
        _ => null,
    };

    private static string State(MigrationState state) => state switch
    {
        MigrationState.Applied => "[green]applied[/]",
        MigrationState.Pending => "[yellow]pending[/]",
        MigrationState.Missing => "[red]missing[/]",
        MigrationState.ChecksumChanged => "[red]changed[/]",
        _ => "[red]failed[/]",
    };
}
