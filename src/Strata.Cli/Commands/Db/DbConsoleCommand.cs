using Strata.Cli.Shell;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db console</c>: the interactive SQL console.</summary>
internal sealed class DbConsoleCommand : CliCommand
{
    public override string Path => "db console";

    public override string Description => "An interactive SQL console: multi-line statements ending with ';', history across runs, \\dt and \\d T on every database, transactions on one connection, Ctrl+C cancels the running statement.";

    public override IReadOnlyList<string> Examples => ["db console", "db console --database analytics", "db console < script.sql"];

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var session = await database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            IShellInput input = context.Environment.InputIsTerminal && context.Environment.HandlesCtrlC
                ? new LineEditor(new ShellHistory(ShellHistory.DefaultFile(context.Environment)))
                : new PlainInput(context.Environment.In);
            return await new SqlShell(context, session, input).RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
