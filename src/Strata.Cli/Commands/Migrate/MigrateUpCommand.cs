using System.CommandLine;

namespace Strata.Cli.Commands.Migrate;

/// <summary><c>strata migrate up</c>: applies pending migrations, or prints their SQL with <c>--dry-run</c>.</summary>
internal sealed class MigrateUpCommand : CliCommand
{
    private readonly Option<string?> _to = new("--to") { Description = "The last version to apply." };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the SQL that would run; change nothing." };

    public override string Path => "migrate up";

    public override string Description => "Apply the pending migrations (up to --to), under the migration lock.";

    public override IReadOnlyList<string> Examples => ["migrate up", "migrate up --to 20250103_002", "migrate up --dry-run"];

    public override bool UsesSources => true;

    public override void Configure(Command command)
    {
        command.Options.Add(_to);
        command.Options.Add(_dryRun);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var to = context.Get(_to);
        if (context.KeyValueTarget is { } store) return await KeyValueMigrations.UpAsync(context, store, to, context.Get(_dryRun), cancellationToken).ConfigureAwait(false);
        if (context.Get(_dryRun))
        {
            var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
            return MigrationViews.Plan(context, await database.Migrator.PlanAsync(to, cancellationToken).ConfigureAwait(false));
        }
        var result = await MigrationViews.RunAsync(context, "Migrating", db => db.Migrator.UpAsync(to, cancellationToken), cancellationToken).ConfigureAwait(false);
        return MigrationViews.Result(context, result, "Nothing to apply: the database is up to date.");
    }
}
