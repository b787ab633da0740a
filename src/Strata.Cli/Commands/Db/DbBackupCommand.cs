using System.CommandLine;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db backup -o FILE</c>: a same-engine backup by the database's own tool (pg_dump -Fc, mariadb-dump, SQLite's backup API).</summary>
internal sealed class DbBackupCommand : CliCommand
{
    private readonly Option<string?> _output = new("--output", "-o") { Description = "The backup file to write (required; an existing one is replaced once the new backup is complete)." };

    public override string Path => "db backup";

    public override string Description => "Back the database up with its engine's own tool (pg_dump -Fc, mariadb-dump --single-transaction, SQLite's online backup); 'db restore --native' loads it.";

    public override IReadOnlyList<string> Examples => ["db backup -o app.backup", "db backup -o prod.dump --url postgres://app@db/app"];

    public override void Configure(Command command) => command.Options.Add(_output);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var path = context.Get(_output) ?? throw new UsageException("Give the backup a file with -o, e.g. strata db backup -o app.backup.");
        var file = context.Environment.FullPath(path);
        var tool = await NativeBackups.ForAsync(context, cancellationToken).ConfigureAwait(false);
        // Replaces an earlier backup of that name only once the new one is complete: a failed run leaves the old one whole.
        await ReplacedFile.WriteAsync(file, async partial =>
        {
            await NativeBackups.RunAsync(() => context.Output.StatusAsync("Backing up", () => tool.BackupAsync(partial, cancellationToken))).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        context.Output.Done($"Wrote {path} ({new FileInfo(file).Length:N0} bytes).");
        return ExitCodes.Success;
    }
}
