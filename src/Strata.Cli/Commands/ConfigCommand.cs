using Spectre.Console;

namespace Strata.Cli.Commands;

/// <summary><c>strata config</c>: which database the other commands would use, and where that came from, password hidden.</summary>
internal sealed class ConfigCommand : CliCommand
{
    public override string Path => "config";

    public override string Description => "Show which database the commands use, where its settings come from, and its environment (password hidden).";

    public override IReadOnlyList<string> Examples => ["config", "config --database main", "config --url postgres://app@localhost/app --json"];

    public override Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var settings = target.Options.ToConnectionSettings();
        var folders = target.Options.Migrations.Sources.OfType<FileMigrationSource>().Select(s => s.ToString()).ToList();
        if (context.Output.Json)
        {
            context.Output.WriteJson(new
            {
                name = target.Name,
                url = target.DisplayUrl,
                system = settings.Scheme,
                source = target.Source,
                environment = target.Environment,
                production = target.IsProduction,
                files = target.Files,
            });
            return Task.FromResult(ExitCodes.Success);
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Setting").AddColumn("Value");
        if (target.Name is not null) table.AddRow("database", Markup.Escape(target.Name));
        table.AddRow("url", Markup.Escape(target.DisplayUrl));
        table.AddRow("system", Markup.Escape(settings.Scheme));
        table.AddRow("from", Markup.Escape(target.Source));
        table.AddRow("environment", target.Environment is null ? "[grey](not set)[/]" : Markup.Escape(target.Environment) + (target.IsProduction ? " [red](destructive commands need --force)[/]" : ""));
        table.AddRow("files", target.Files.Count == 0 ? "[grey](none)[/]" : Markup.Escape(string.Join(", ", target.Files)));
        context.Output.Write(table);
        return Task.FromResult(ExitCodes.Success);
    }
}
