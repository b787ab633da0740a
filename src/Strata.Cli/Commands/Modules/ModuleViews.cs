using Spectre.Console;
using Strata.Modules;

namespace Strata.Cli.Commands.Modules;

/// <summary>How module reports are shown, shared by the modules commands.</summary>
internal static class ModuleViews
{
    public static int Show(CliContext context, SchemaModuleReport report)
    {
        var output = context.Output;
        foreach (var warning in report.Warnings) output.Warn($"{warning.Location}: {warning.Message}");
        if (output.Json)
        {
            output.WriteJson(new
            {
                modules = report.Select(m => new
                {
                    name = m.Module.Name,
                    version = m.Module.Version,
                    state = m.State,
                    dependsOn = m.Module.DependsOn,
                    initializedAt = m.InitializedAt,
                    pendingMigrations = m.PendingMigrations,
                    location = m.Module.Location,
                }),
                warnings = report.Warnings.Select(w => new { location = w.Location, message = w.Message }),
            });
            return ExitCodes.Success;
        }
        if (report.Count == 0)
        {
            output.Info("No modules: add modules/<name>/database/schema.sql, or point --modules at a folder.");
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Module").AddColumn("Version").AddColumn("State").AddColumn("Depends on").AddColumn(new TableColumn("Pending").RightAligned());
        foreach (var m in report)
        {
            table.AddRow(Markup.Escape(m.Module.Name), Markup.Escape(m.Module.Version), State(m.State), Markup.Escape(string.Join(", ", m.Module.DependsOn)),
                m.PendingMigrations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        output.Write(table);
        return ExitCodes.Success;
    }

    private static string State(SchemaModuleState state) => state switch
    {
        SchemaModuleState.UpToDate => "[green]up to date[/]",
        SchemaModuleState.Pending => "[yellow]pending[/]",
        SchemaModuleState.MigrationsPending => "[yellow]migrations pending[/]",
        SchemaModuleState.SchemaChanged => "[red]schema changed[/]",
        _ => "discovered",
    };
}
