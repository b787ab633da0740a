using System.CommandLine;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db copy --to URL</c>: copies the database's tables into another database, of any supported kind, without a file.</summary>
internal sealed class DbCopyCommand : CliCommand
{
    private readonly Option<string> _to = new("--to") { Description = "The URL of the database to copy into (sqlite:…, postgres://…, mysql://…).", Required = true };
    private readonly Option<string[]> _tables = new("--tables") { Description = "Only these tables (repeatable or comma-separated).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _replace = new("--replace") { Description = "Drop and recreate the tables where the target has them." };

    public override string Path => "db copy";

    public override string Description => "Copy the tables (schema and rows, from one snapshot) into another database, e.g. from the SQLite file to PostgreSQL.";

    public override IReadOnlyList<string> Examples => ["db copy --to postgres://app@localhost/app", "db copy --url postgres://prod/app --to sqlite:local.db --tables users,orders"];

    public override void Configure(Command command)
    {
        command.Options.Add(_to);
        command.Options.Add(_tables);
        command.Options.Add(_replace);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var source = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        Database target;
        try
        {
            target = Database.Open(context.Get(_to)!);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--to is not a database URL: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        await using (target.ConfigureAwait(false))
        {
            var dump = new DumpOptions { Tables = [.. (context.Get(_tables) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))] };
            IReadOnlyList<TransferTableSummary> tables;
            try
            {
                tables = await TransferProgressView.RunAsync(context.Output, "Copying",
                    progress => source.CopyToAsync(target, dump, new RestoreOptions { Replace = context.Get(_replace), Progress = progress }, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or ArchiveException)
            {
                throw new CliFailure(e.Message.Split(" (Parameter", 2)[0], e);
            }
            TransferSummary.Write(context.Output, tables, "Copied");
        }
        return ExitCodes.Success;
    }
}
