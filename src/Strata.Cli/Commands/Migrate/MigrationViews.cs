using System.Globalization;
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
    public static int Result(CliContext context, MigrationResult result, string nothing) =>
        Steps(context, [.. result.Steps.Select(s => new StepView(s.Migration.Version, s.Migration.Name, s.Direction, s.Duration, null))], nothing);

    /// <summary>
    /// The steps a run took, of a database or of a key-value store (whose steps count their <see cref="StepView.Writes"/>), or
    /// <paramref name="nothing"/> when there were none.
    /// </summary>
    public static int Steps(CliContext context, IReadOnlyList<StepView> steps, string nothing)
    {
        var output = context.Output;
        var counted = steps.Any(s => s.Writes is not null);
        if (output.Json)
        {
            output.WriteJson(new
            {
                steps = steps.Select(s =>
                {
                    var step = new Dictionary<string, object?> { ["version"] = s.Version, ["name"] = s.Name, ["direction"] = s.Direction };
                    if (s.Writes is { } writes) step["writes"] = writes;
                    step["milliseconds"] = Math.Round(s.Duration.TotalMilliseconds, 1);
                    return step;
                }),
            });
            return ExitCodes.Success;
        }
        if (steps.Count == 0)
        {
            output.Info(Markup.Escape(nothing));
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Version").AddColumn("Name").AddColumn("Direction");
        if (counted) table.AddColumn(new TableColumn("Writes").RightAligned());
        table.AddColumn(new TableColumn("Time").RightAligned());
        foreach (var step in steps)
        {
            var direction = step.Direction == MigrationDirection.Up ? "[green]up[/]" : "[yellow]down[/]";
            var time = $"{step.Duration.TotalMilliseconds:0} ms";
            if (counted) table.AddRow(Markup.Escape(step.Version), Markup.Escape(step.Name), direction, (step.Writes ?? 0).ToString(CultureInfo.InvariantCulture), time);
            else table.AddRow(Markup.Escape(step.Version), Markup.Escape(step.Name), direction, time);
        }
        output.Write(table);
        var ups = steps.Count(s => s.Direction == MigrationDirection.Up);
        var downs = steps.Count - ups;
        var done = string.Join(", ", new[] { ups > 0 ? $"applied {ups}" : null, downs > 0 ? $"rolled back {downs}" : null }.Where(x => x is not null));
        output.Done(char.ToUpperInvariant(done[0]) + done[1..] + $" migration{(steps.Count == 1 ? "" : "s")}.");
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

/// <summary>One step of a migration run as the migrate commands show it.</summary>
/// <param name="Version">The migration's version.</param>
/// <param name="Name">Its name.</param>
/// <param name="Direction">Applied or rolled back.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Writes">The puts and deletes of a key-value migration; null for a database's.</param>
internal sealed record StepView(string Version, string Name, MigrationDirection Direction, TimeSpan Duration, int? Writes);
