using System.CommandLine;
using Spectre.Console;


namespace Strata.Cli.Commands;

/// <summary><c>strata health</c>: ping and round trip, pool, migrations, circuit and replicas; <c>--watch</c> refreshes until Ctrl+C.</summary>
internal sealed class HealthCommand : CliCommand
{
    private readonly Option<bool> _watch = new("--watch", "-w") { Description = "Refresh until Ctrl+C." };
    private readonly Option<double> _interval = new("--interval") { Description = "Seconds between refreshes with --watch.", DefaultValueFactory = _ => 2 };

    public override string Path => "health";

    public override string Description => "Check the database: round trip, connection pool, pending and failed migrations, circuit breaker and replicas. Exits 1 when it is unhealthy.";

    public override IReadOnlyList<string> Examples => ["health", "health --watch", "health --json"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_watch);
        command.Options.Add(_interval);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var output = context.Output;
        if (context.Get(_watch) && output.IsTerminal && !output.Json)
        {
            var interval = TimeSpan.FromSeconds(Math.Max(0.2, context.Get(_interval)));
            await output.Console.Live(new Text("Checking…")).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var report = await database.CheckHealthAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    live.UpdateTarget(View(report, database, watching: true));
                    try
                    {
                        await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        var once = await output.StatusAsync("Checking", () => database.CheckHealthAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (output.Json)
        {
            output.WriteJson(new
            {
                status = once.Status,
                description = once.Description,
                system = once.System,
                target = once.Target,
                roundTripMs = once.RoundTrip is { } rtt ? Math.Round(rtt.TotalMilliseconds, 2) : (double?)null,
                pool = new { total = once.Pool.Total, idle = once.Pool.Idle, busy = once.Pool.Busy, waiting = once.Pool.Waiting },
                pendingMigrations = once.PendingMigrations,
                failedMigrations = once.FailedMigrations,
                circuit = once.Circuit,
                problems = once.Problems,
                replicas = database.GetReplicaStatus().Select(r => new { url = r.Url, healthy = r.IsHealthy, lastError = r.LastError }),
            });
        }
        else output.Write(View(once, database, watching: false));
        return once.Status == DatabaseHealthStatus.Unhealthy ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static Table View(DatabaseHealthReport report, Database database, bool watching)
    {
        var colour = report.Status switch { DatabaseHealthStatus.Healthy => "green", DatabaseHealthStatus.Degraded => "yellow", _ => "red" };
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Check").AddColumn("Result");
        table.AddRow("status", $"[{colour}]{report.Status.ToString().ToLowerInvariant()}[/]");
        table.AddRow("database", Markup.Escape($"{report.System} at {report.Target}"));
        table.AddRow("round trip", report.RoundTrip is { } rtt ? $"{rtt.TotalMilliseconds:0.0} ms" : "[red]no answer[/]");
        table.AddRow("pool", $"{report.Pool.Total} open, {report.Pool.Idle} idle, {report.Pool.Busy} busy, {report.Pool.Waiting} waiting");
        table.AddRow("migrations", $"{report.PendingMigrations} pending, {report.FailedMigrations} failed or changed");
        table.AddRow("circuit", report.Circuit.ToString().ToLowerInvariant());
        foreach (var replica in database.GetReplicaStatus())
            table.AddRow("replica", Markup.Escape($"{replica.Url}: {(replica.IsHealthy ? "healthy" : "out of rotation")}{(replica.LastError is null ? "" : $" ({replica.LastError})")}"));
        foreach (var problem in report.Problems) table.AddRow("[yellow]problem[/]", Markup.Escape(problem));
        if (report.Error is not null) table.AddRow("[red]error[/]", Markup.Escape(report.Error.Message));
        if (watching) table.Caption($"[grey]{DateTime.Now:HH:mm:ss} · Ctrl+C to stop[/]");
        return table;
    }
}
