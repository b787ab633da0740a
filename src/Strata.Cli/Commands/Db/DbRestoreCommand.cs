using System.CommandLine;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db restore</c>: loads an archive written by <c>db dump</c> (from any supported database) into the database.</summary>
internal sealed class DbRestoreCommand : CliCommand
{
    private readonly Argument<string> _file = new("file") { Description = "The archive 'db dump' wrote." };
    private readonly Option<bool> _replace = new("--replace") { Description = "Drop and recreate the archive's tables where the database has them." };
    private readonly Option<bool> _force = new("--force", "-f") { Description = "Go on without asking, even on a database marked Production." };
    private readonly Option<bool> _native = new("--native") { Description = "Load a backup 'db backup' wrote with the engine's own tool (pg_restore --clean, the mariadb client, SQLite's backup API)." };

    public override string Path => "db restore";

    public override string Description => "Create the archive's tables in this database's dialect, load their rows, check counts and checksums, and reset identity counters.";

    public override IReadOnlyList<string> Examples => ["db restore backup.strata", "db restore backup.strata --replace --url postgres://localhost/app", "db restore app.backup --native"];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_file);
        command.Options.Add(_replace);
        command.Options.Add(_force);
        command.Options.Add(_native);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var path = context.Get(_file)!;
        var file = context.Environment.FullPath(path);
        if (!File.Exists(file)) throw new UsageException($"There is no archive '{path}'; give the file 'strata db dump -o' wrote.");
        if (context.Get(_native))
        {
            context.ConfirmDestructive("replace the database's objects with the backup's", context.Get(_force));
            var tool = await NativeBackups.ForAsync(context, cancellationToken).ConfigureAwait(false);
            await NativeBackups.RunAsync(() => context.Output.StatusAsync("Restoring", () => tool.RestoreAsync(file, cancellationToken))).ConfigureAwait(false);
            context.Output.Done($"Restored {path} with the engine's own tool.");
            return ExitCodes.Success;
        }
        var replace = context.Get(_replace);
        if (replace) context.ConfirmDestructive("drop and recreate the archive's tables", context.Get(_force));
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<TransferTableSummary> tables;
        try
        {
            // Synchronous file I/O: the archive moves in large buffered blocks, and an async file handle sends each through the thread pool.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
            tables = await TransferProgressView.RunAsync(context.Output, "Restoring",
                progress => database.RestoreAsync(stream, new RestoreOptions { Replace = replace, Progress = progress }, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArchiveException or InvalidOperationException)
        {
            throw new CliFailure(e.Message, e);
        }
        TransferSummary.Write(context.Output, tables, $"Restored {path}");
        return ExitCodes.Success;
    }
}
