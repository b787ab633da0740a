using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db query "SQL"</c>: one statement, its rows as a table, JSON or CSV, for scripts.</summary>
internal sealed class DbQueryCommand : CliCommand
{
    private readonly Argument<string> _sql = new("sql") { Description = "The statement. Values are written into it as SQL; use the console or the library for parameters." };
    private readonly Option<string> _format = new("--format", "-f") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };

    public override string Path => "db query";

    public override string Description => "Run one statement and print its rows (a table, JSON or CSV) or the rows it changed.";

    public override IReadOnlyList<string> Examples => ["db query \"SELECT id, email FROM users LIMIT 5\"", "db query \"SELECT * FROM orders\" --format csv > orders.csv", "db query \"UPDATE users SET active = false WHERE id = 7\""];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_sql);
        _format.AcceptOnlyFromAmong("table", "json", "csv");
        command.Options.Add(_format);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var format = context.Output.Json ? "json" : context.Get(_format)!;
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        RowsView view;
        await using (var reader = await database.QueryRowsAsync(Sql.Raw(context.Get(_sql)!), cancellationToken).ConfigureAwait(false))
            view = await RowsView.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        switch (format)
        {
            case "json":
                if (view.HasResult) context.Output.WriteJson(view.ToObjects());
                else context.Output.WriteJson(new { rowsAffected = view.RecordsAffected });
                break;
            case "csv":
                if (view.HasResult) context.Environment.Out.Write(view.ToCsv());
                context.Output.Info($"[grey]{Markup.Escape(view.Summary())} ({elapsed.TotalMilliseconds:0.0} ms)[/]");
                break;
            default:
                if (view.HasResult) context.Output.Write(view.ToTable());
                context.Output.Info($"[grey]{Markup.Escape(view.Summary())} ({elapsed.TotalMilliseconds:0.0} ms)[/]");
                break;
        }
        return ExitCodes.Success;
    }
}
