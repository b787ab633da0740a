using System.CommandLine;
using Spectre.Console;
using Strata.Diagnostics;

namespace Strata.Cli.Commands;

/// <summary><c>strata stats</c>: the slowest statements as the server counts them.</summary>
internal sealed class StatsCommand : CliCommand
{
    private readonly Option<int> _top = new("--top", "-n") { Description = "How many statements (1 to 1000).", DefaultValueFactory = _ => 10 };

    public override string Path => "stats";

    public override string Description => "Show the statements with the slowest average run as the server counts them (pg_stat_statements on PostgreSQL, performance_schema on MySQL/MariaDB).";

    public override IReadOnlyList<string> Examples => ["stats", "stats --top 25 --json"];

    public override void Configure(Command command) => command.Options.Add(_top);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var top = context.Get(_top);
        if (top is < 1 or > 1000) throw new UsageException($"--top ({top}) must be between 1 and 1000.");
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var report = await database.GetServerStatisticsAsync(top, cancellationToken).ConfigureAwait(false);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new
            {
                source = report.Source,
                available = report.IsAvailable,
                reason = report.Unavailable,
                statements = report.Statements.Select(s => new
                {
                    sql = s.Sql, calls = s.Calls, totalMs = s.TotalTime.TotalMilliseconds, meanMs = s.MeanTime.TotalMilliseconds, maxMs = s.MaxTime?.TotalMilliseconds, rows = s.Rows,
                }),
            });
            return ExitCodes.Success;
        }
        if (!report.IsAvailable)
        {
            output.Warn(report.Unavailable!);
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Statement").AddColumn(new TableColumn("Calls").RightAligned())
            .AddColumn(new TableColumn("Mean").RightAligned()).AddColumn(new TableColumn("Max").RightAligned()).AddColumn(new TableColumn("Total").RightAligned());
        foreach (var s in report.Statements)
            table.AddRow(Markup.Escape(s.Sql.Length > 120 ? s.Sql[..117] + "…" : s.Sql), $"{s.Calls:N0}", Ms(s.MeanTime), s.MaxTime is { } max ? Ms(max) : "", Ms(s.TotalTime));
        output.Write(table);
        output.Info($"[grey]From {Markup.Escape(report.Source)}.[/]");
        return ExitCodes.Success;
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0.00} ms";
}
