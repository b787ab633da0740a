using System.CommandLine;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db dump</c>: writes the database's tables into a portable archive that restores on any supported database.</summary>
internal sealed class DbDumpCommand : CliCommand
{
    private readonly Option<string?> _output = new("--output", "-o") { Description = "The archive file to write (required; an existing one is replaced only once the dump is complete)." };
    private readonly Option<string[]> _tables = new("--tables") { Description = "Only these tables (repeatable or comma-separated).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Leave these tables out (repeatable or comma-separated).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _schemaOnly = new("--schema-only") { Description = "Only the tables' definitions, no rows." };
    private readonly Option<bool> _dataOnly = new("--data-only") { Description = "Only the rows, to restore into tables that exist." };

    public override string Path => "db dump";

    public override string Description => "Write the tables (schema and rows, from one snapshot) into a portable archive that 'db restore' loads into SQLite, PostgreSQL or MariaDB.";

    public override IReadOnlyList<string> Examples => ["db dump -o backup.strata", "db dump --tables users,orders -o part.strata", "db dump --schema-only -o schema.strata"];

    public override void Configure(Command command)
    {
        command.Options.Add(_output);
        command.Options.Add(_tables);
        command.Options.Add(_exclude);
        command.Options.Add(_schemaOnly);
        command.Options.Add(_dataOnly);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.Get(_schemaOnly) && context.Get(_dataOnly)) throw new UsageException("Give --schema-only or --data-only, not both.");
        var path = context.Get(_output) ?? throw new UsageException("Give the archive a file with -o, e.g. strata db dump -o backup.strata.");
        var options = new DumpOptions
        {
            Tables = Split(context.Get(_tables)),
            ExcludeTables = Split(context.Get(_exclude)),
            SchemaOnly = context.Get(_schemaOnly),
            DataOnly = context.Get(_dataOnly),
        };
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var file = context.Environment.FullPath(path);
        IReadOnlyList<TransferTableSummary> tables;
        try
        {
            tables = await ReplacedFile.WriteAsync(file, async partial =>
            {
                // Synchronous file I/O: the archive moves in large buffered blocks, and an async file handle sends each through the thread pool.
                await using var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
                return await TransferProgressView.RunAsync(context.Output, "Dumping", progress => database.DumpAsync(stream, options with { Progress = progress }, cancellationToken)).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CliFailure(e.Message.Split(" (Parameter", 2)[0], e);
        }
        TransferSummary.Write(context.Output, tables, $"Wrote {path}");
        return ExitCodes.Success;
    }

    private static IReadOnlyList<string> Split(string[]? values) =>
        values is null ? [] : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
