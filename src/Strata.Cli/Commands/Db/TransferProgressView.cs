using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary>
/// Shows a dump, restore or copy as it goes: on a terminal a progress bar per table with its rows and rows per second; otherwise
/// one plain line per table and batch on the error stream (so scripts and logs see it, and standard output keeps the summary);
/// nothing with --json or --quiet.
/// </summary>
internal static class TransferProgressView
{
    public static async Task<T> RunAsync<T>(CliOutput output, string verb, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        if (output.Json || output.Quiet) return await work(null).ConfigureAwait(false);
        if (!output.IsTerminal) return await work(new PlainLines(output, verb)).ConfigureAwait(false);
        return await output.Errors.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new RowsColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new Bars(context, verb))).ConfigureAwait(false);
    }

    /// <summary>A bar per table, indeterminate until the table is done (an archive does not say how many rows are coming).</summary>
    private sealed class Bars(ProgressContext context, string verb) : IProgress<TransferProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(TransferProgress value)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(value.Table, out var task))
                {
                    task = context.AddTask($"{verb} {Markup.Escape(value.Table)}", maxValue: double.MaxValue).IsIndeterminate();
                    _tasks[value.Table] = task;
                }
                task.Value = value.Rows;
                if (!value.Done) return;
                task.MaxValue = Math.Max(value.Rows, 1);
                task.Value = task.MaxValue;
                task.IsIndeterminate = false;
                task.StopTask();
            }
        }
    }

    /// <summary>"12,345 rows  4,321 rows/s" beside each bar.</summary>
    private sealed class RowsColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var rows = task.Value.ToString("N0", CultureInfo.InvariantCulture);
            var elapsed = task.ElapsedTime?.TotalSeconds ?? 0;
            var rate = elapsed > 0 ? (task.Value / elapsed).ToString("N0", CultureInfo.InvariantCulture) : "–";
            return new Markup($"{rows} rows  [grey]{rate} rows/s[/]");
        }
    }

    /// <summary>"Restoring orders: 10,000 rows" per batch, and the rate when the table is done.</summary>
    private sealed class PlainLines(CliOutput output, string verb) : IProgress<TransferProgress>
    {
        private readonly Dictionary<string, System.Diagnostics.Stopwatch> _started = [];

        public void Report(TransferProgress value)
        {
            lock (_started)
            {
                if (!_started.TryGetValue(value.Table, out var clock)) _started[value.Table] = clock = System.Diagnostics.Stopwatch.StartNew();
                if (value.Rows == 0 && !value.Done) return;
                var rows = value.Rows.ToString("N0", CultureInfo.InvariantCulture);
                var line = value.Done
                    ? $"{verb} {value.Table}: {rows} rows, done in {clock.Elapsed.TotalSeconds:0.0} s ({value.Rows / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} rows/s)"
                    : $"{verb} {value.Table}: {rows} rows";
                output.Errors.WriteLine(line);
            }
        }
    }
}
