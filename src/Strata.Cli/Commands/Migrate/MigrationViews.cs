using Spectre.Console;

namespace Strata.Cli.Commands.Migrate;

/// <summary>How migration results, plans and statuses are shown, shared by the migrate commands.</summary>
internal static class MigrationViews
{
    /// <summary>Shows each step as it finishes: a progress bar on a terminal, a line per step elsewhere.</summary>
    public static async Task<MigrationResult> RunAsync(CliContext context, string title, Func<Database, Task<MigrationResult>> work, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var reporter = new Reporter();
        context.Target.Options.Migrations.Progress = reporter;
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!output.IsTerminal || output.Json || output.Quiet)
        {
            reporter.OnProgress = p =>
            {
                if (p.Finished) output.Info($"  {(p.Direction == MigrationDirection.Up ? "[green]↑[/]" : "[yellow]↓[/]")} {Markup.Escape(p.Migration.ToString())}");
            };
            return await work(database).ConfigureAwait(false);
        }
        return await output.Errors.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(title), maxValue: 1);
            reporter.OnProgress = p =>
            {
                task.MaxValue = p.Count;
                task.Description = Markup.Escape($"{(p.Direction == MigrationDirection.Up ? "Applying" : "Rolling back")} {p.Migration}");
                if (p.Finished) task.Increment(1);
            };
            return await work(database).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>What an operation did, or that there was nothing to do.</summary>
    public static int Result(CliContext context, MigrationResult result, string nothing)
    {
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new
            {
                steps = result.Steps.Select(s => new
                {
                    version = s.Migration.Version,
                    name = s.Migration.Name,
                    direction = s.Direction,
                    milliseconds = Math.Round(s.Duration.TotalMilliseconds, 1),
                }),
            });
            return ExitCodes.Success;
        }
        if (result.Steps.Count == 0)
        {
            output.Info(Markup.Escape(nothing));
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Version").AddColumn("Name").AddColumn("Direction").AddColumn(new TableColumn("Time").RightAligned());
        foreach (var (migration, direction, duration) in result.Steps)
            table.AddRow(Markup.Escape(migration.Version), Markup.Escape(migration.Name), direction == MigrationDirection.Up ? "[green]up[/]" : "[yellow]down[/]", $"{duration.TotalMilliseconds:0} ms");
        output.Write(table);
        var ups = result.Steps.Count(s => s.Direction == MigrationDirection.Up);
        var downs = result.Steps.Count - ups;
        var done = string.Join(", ", new[] { ups > 0 ? $"applied {ups}" : null, downs > 0 ? $"rolled back {downs}" : null }.Where(x => x is not null));
        output.Done(char.ToUpperInvariant(done[0]) + done[1..] + $" migration{(result.Steps.Count == 1 ? "" : "s")}.");
        return ExitCodes.Success;
    }

    /// <summary>The statements each pending step would run.</summary>
    public static int Plan(CliContext context, MigrationPlan plan)
    {
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new { steps = plan.Steps.Select(s => new { version = s.Migration.Version, name = s.Migration.Name, direction = s.Direction, statements = s.Statements }) });
            return ExitCodes.Success;
        }
        if (plan.Steps.Count == 0)
        {
            output.Info("Nothing to apply: the database is up to date.");
            return ExitCodes.Success;
        }
        foreach (var step in plan.Steps)
        {
            output.Line($"[bold]-- {Markup.Escape(step.Migration.Version)} {Markup.Escape(step.Migration.Name)}[/] [grey]({Markup.Escape(step.Migration.Source)})[/]");
            foreach (var statement in step.Statements) output.Console.WriteLine(statement.TrimEnd().TrimEnd(';') + ";");
            output.Console.WriteLine();
        }
        output.Info($"{plan.Steps.Count} migration{(plan.Steps.Count == 1 ? "" : "s")} would run; nothing was changed.");
        return ExitCodes.Success;
    }

    private sealed class Reporter : IProgress<MigrationProgress>
    {
        public Action<MigrationProgress>? OnProgress { get; set; }

        public void Report(MigrationProgress value) => OnProgress?.Invoke(value);
    }
}
