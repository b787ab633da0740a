using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate down</c>: rolls back the last migration, the last N, or down to a version.</summary>
internal sealed class MigrateDownCommand : CliCommand
{
    private readonly Option<int?> _steps = new("--steps") { Description = "How many migrations to roll back (1 by default)." };
    private readonly Option<string?> _to = new("--to") { Description = "Roll back every migration after this version (0 for all); it stays applied." };

    public override string Path => "migrate down";

    public override string Description => "Roll back the last migration, the last --steps N, or every one after --to V.";

    public override IReadOnlyList<string> Examples => ["migrate down", "migrate down --steps 3", "migrate down --to 20250103_001"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_steps);
        command.Options.Add(_to);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var steps = context.Get(_steps);
        var to = context.Get(_to);
        if (steps is not null && to is not null) throw new UsageException("Give --steps or --to, not both.");
        if (steps is < 1) throw new UsageException($"--steps ({steps}) must be at least 1.");
        if (context.KeyValueTarget is { } store) return await KeyValueMigrations.DownAsync(context, store, steps, to, cancellationToken).ConfigureAwait(false);
        var result = await MigrationViews.RunAsync(context, "Rolling back",
            db => to is null ? db.Migrator.DownAsync(steps ?? 1, cancellationToken) : db.Migrator.DownToAsync(to, cancellationToken), cancellationToken).ConfigureAwait(false);
        return MigrationViews.Result(context, result, "Nothing to roll back.");
    }
}
