using System.CommandLine;
using Spectre.Console;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db truncate</c>: empties tables in foreign-key order and restarts their ids.</summary>
internal sealed class DbTruncateCommand : CliCommand
{
    private readonly Argument<string[]> _tables = new("tables") { Description = "The tables to empty.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _all = new("--all") { Description = "Every table except Strata's own (the migration history stays)." };
    private readonly Option<bool> _force = new("--force", "-f") { Description = "Go on without asking, even on a database marked Production." };

    public override string Path => "db truncate";

    public override string Description => "Delete every row of the given tables (or --all), those that refer to others first, and restart their ids.";

    public override IReadOnlyList<string> Examples => ["db truncate orders order_lines", "db truncate --all", "db truncate --all --force"];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_tables);
        command.Options.Add(_all);
        command.Options.Add(_force);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var tables = context.Get(_tables) ?? [];
        var all = context.Get(_all);
        if (all == (tables.Length > 0)) throw new UsageException(all ? "Give --all or table names, not both." : "Name the tables to empty, or pass --all.");
        context.ConfirmDestructive(all ? "delete every row of every table" : $"delete every row of {string.Join(", ", tables)}", context.Get(_force));
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> emptied;
        try
        {
            emptied = await context.Output.StatusAsync("Emptying tables",
                () => all ? database.Schema.TruncateAllAsync(cancellationToken) : database.Schema.TruncateAsync(tables, cancellationToken)).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliFailure(e.Message.Split(" (Parameter", 2)[0]);
        }
        if (context.Output.Json) context.Output.WriteJson(new { truncated = emptied });
        else
        {
            foreach (var table in emptied) context.Output.Line($"  [green]✓[/] {Markup.Escape(table)}");
            context.Output.Done($"Emptied {emptied.Count} table{(emptied.Count == 1 ? "" : "s")}.");
        }
        return ExitCodes.Success;
    }
}
