using System.CommandLine;
using Spectre.Console;
using Strata.Studio;

namespace Strata.Cli.Commands;

/// <summary><c>strata studio</c>: the local web interface on 127.0.0.1, until Ctrl+C.</summary>
internal sealed class StudioCommand : CliCommand
{
    private readonly Option<bool> _write = new("--write") { Description = "Allow changes: editing rows, writing SQL, applying and rolling back migrations. Without it the studio is read-only." };
    private readonly Option<bool> _open = new("--open") { Description = "Also open the link in the default browser, where there is one." };
    private readonly Option<string?> _redis = new("--redis") { Description = "A Redis URL (redis://127.0.0.1:6379?prefix=app:) whose keys under its prefix a Redis page lists, read-only." };
    private readonly Option<int> _port = new("--port") { Description = "The port on 127.0.0.1 to listen on; a free one by default.", DefaultValueFactory = _ => 0 };

    public override string Path => "studio";

    public override string Description => "Open Strata Studio, a local web interface to browse tables, run SQL, see the schema as a diagram, follow migrations and health. Prints a one-time sign-in link.";

    public override IReadOnlyList<string> Examples => ["studio", "studio --url sqlite:app.db --open", "studio --database analytics --write", "studio --redis \"redis://127.0.0.1:6379?prefix=app:\""];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_write);
        command.Options.Add(_port);
        command.Options.Add(_open);
        command.Options.Add(_redis);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        context.Target.Options.CollectStatistics = true;   // for the Health page's slowest statements
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        await database.PingAsync(cancellationToken).ConfigureAwait(false);
        var write = context.Get(_write);
        await using var redis = context.Get(_redis) is { } redisUrl ? Strata.Redis.RedisStore.Open(redisUrl) : null;
        await using var studio = await StudioHost.StartAsync(new StudioOptions { Database = database, AllowWrites = write, Port = context.Get(_port), Redis = redis },
            cancellationToken).ConfigureAwait(false);
        context.Output.Info($"Strata Studio for [bold]{Markup.Escape(context.Target.DisplayUrl)}[/] ({(write ? "[red]writes allowed[/]" : "read-only")}). Open this link (it works once), Ctrl+C to stop:");
        // The link alone on its line, unwrapped, so that scripts and terminals can pick it up.
        await context.Environment.Out.WriteLineAsync(studio.SignInUrl).ConfigureAwait(false);
        await context.Environment.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (context.Get(_open)) OpenBrowser(context.Output, studio.SignInUrl);
        try
        {
            // Ctrl+C cancels the token; SIGTERM stops the web host itself.
            await studio.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        context.Output.Info("[grey]Studio stopped.[/]");
        return ExitCodes.Success;
    }

    /// <summary>Hands the link to the desktop's opener (xdg-open, open, start); without one, the printed link is the way in.</summary>
    private static void OpenBrowser(CliOutput output, string url)
    {
        try
        {
            using var opener = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(url) { UseShellExecute = true });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output.Warn($"No browser could be opened ({e.Message}); open the link above by hand.");
        }
    }
}
