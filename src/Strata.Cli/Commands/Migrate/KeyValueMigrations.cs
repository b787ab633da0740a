using System.Globalization;
using Spectre.Console;
using Strata.Cli.Configuration;
using Strata.KeyValue;

namespace Strata.Cli.Commands.Migrate;

/// <summary>
/// <c>migrate up</c>, <c>down</c>, <c>status</c> and <c>plan</c> on a key-value store (a <c>rocksdb:</c> target): its C#
/// migrations run through <see cref="KeyValueStore.Migrator"/>, and the results are shown as the SQL ones are, with the
/// puts and deletes of a step where the SQL side shows statements.
/// </summary>
internal static class KeyValueMigrations
{
    public static async Task<int> UpAsync(CliContext context, KeyValueTarget target, string? to, bool dryRun, CancellationToken cancellationToken)
    {
        var store = await context.OpenKeyValueAsync(target, cancellationToken).ConfigureAwait(false);
        if (dryRun) return Plan(context, await store.Migrator.PlanAsync(to, cancellationToken).ConfigureAwait(false));
        var result = await context.Output.StatusAsync("Migrating", () => store.Migrator.UpAsync(to, cancellationToken)).ConfigureAwait(false);
        return Result(context, result, "Nothing to apply: the store is up to date.");
    }

    public static async Task<int> DownAsync(CliContext context, KeyValueTarget target, int? steps, string? to, CancellationToken cancellationToken)
    {
        if (to is not null) throw new UsageException("A key-value store rolls back by count: give --steps N instead of --to.");
        var store = await context.OpenKeyValueAsync(target, cancellationToken).ConfigureAwait(false);
        var result = await context.Output.StatusAsync("Rolling back", () => store.Migrator.DownAsync(steps ?? 1, cancellationToken)).ConfigureAwait(false);
        return Result(context, result, "Nothing to roll back.");
    }

    public static async Task<int> PlanAsync(CliContext context, KeyValueTarget target, string? to, CancellationToken cancellationToken)
    {
        var store = await context.OpenKeyValueAsync(target, cancellationToken).ConfigureAwait(false);
        return Plan(context, await store.Migrator.PlanAsync(to, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<int> StatusAsync(CliContext context, KeyValueTarget target, CancellationToken cancellationToken)
    {
        var store = await context.OpenKeyValueAsync(target, cancellationToken).ConfigureAwait(false);
        var status = await context.Output.StatusAsync("Reading the migration history", () => store.Migrator.StatusAsync(cancellationToken)).ConfigureAwait(false);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(status.Select(s => new { version = s.Version, name = s.Name, state = s.State, appliedAt = s.AppliedAt, source = s.Migration?.Source }));
            return ExitCodes.Success;
        }
        if (status.Count == 0)
        {
            output.Info("No migrations: a key-value store's migrations are C# classes implementing IKeyValueMigration, from --assembly or the project in the current folder.");
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Version").AddColumn("Name").AddColumn("State").AddColumn("Applied at");
        foreach (var s in status)
        {
            table.AddRow(Markup.Escape(s.Version), Markup.Escape(s.Name), State(s.State),
                s.AppliedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "");
        }
        output.Write(table);
        output.Info($"{status.Count(s => s.State == MigrationState.Applied)} applied, {status.Count(s => s.State == MigrationState.Pending)} pending" +
                    (status.Any(s => s.State == MigrationState.Missing) ? ", [red]some are missing[/]" : "") + ".");
        return ExitCodes.Success;
    }

    private static int Result(CliContext context, KeyValueMigrationResult result, string nothing) =>
        MigrationViews.Steps(context, [.. result.Steps.Select(s => new StepView(s.Migration.Version, s.Migration.Name, s.Direction, s.Duration, s.Writes))], nothing);

    private static int Plan(CliContext context, KeyValueMigrationPlan plan)
    {
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new
            {
                steps = plan.Steps.Select(s => new
                {
                    version = s.Migration.Version,
                    name = s.Migration.Name,
                    writes = s.Writes.Select(w => new { kind = w.Kind, @namespace = w.Namespace, key = w.KeyText, valueLength = w.ValueLength }),
                }),
            });
            return ExitCodes.Success;
        }
        if (plan.Steps.Count == 0)
        {
            output.Info("Nothing to apply: the store is up to date.");
            return ExitCodes.Success;
        }
        foreach (var step in plan.Steps)
        {
            output.Line($"[bold]-- {Markup.Escape(step.Migration.Version)} {Markup.Escape(step.Migration.Name)}[/] [grey]({Markup.Escape(step.Migration.Source)})[/]");
            foreach (var write in step.Writes)
            {
                output.Console.WriteLine(write.Kind == KeyValueWriteKind.Put
                    ? $"put {write.Namespace}:{write.KeyText} ({write.ValueLength} bytes)"
                    : $"delete {write.Namespace}:{write.KeyText}");
            }
            output.Console.WriteLine();
        }
        output.Info($"{plan.Steps.Count} migration{(plan.Steps.Count == 1 ? "" : "s")} would run; nothing was changed.");
        return ExitCodes.Success;
    }

    private static string State(MigrationState state) => state switch
    {
        MigrationState.Applied => "[green]applied[/]",
        MigrationState.Pending => "[yellow]pending[/]",
        _ => "[red]missing[/]",
    };
}
