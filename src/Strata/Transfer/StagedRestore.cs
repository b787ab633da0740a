using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>
/// A restore on a database without transactional DDL (MySQL, MariaDB): the archive's tables are created and loaded under
/// staging names (<c>strata_restore_…</c>), verified, then swapped in by one atomic rename (the replaced tables going to
/// <c>strata_replaced_…</c> and then dropped), and only then get their foreign keys. A failure before the swap drops the
/// staging tables; a process killed before it leaves them behind, and the next restore drops them first.
/// </summary>
internal static class StagedRestore
{
    public const string StagingPrefix = "strata_restore_";
    public const string ReplacedPrefix = "strata_replaced_";

    // MySQL's limit on a table name.
    private const int MaxName = 64;

    public static async Task<IReadOnlyList<TransferTableSummary>> RunAsync(IDbSession database, ArchiveReader reader, IReadOnlyList<ArchiveTable> tables,
        IReadOnlyList<string> present, DatabaseSchema existing, RestoreOptions options, CancellationToken cancellationToken)
    {
        // Leftovers of a restore that was killed before it finished.
        foreach (var leftover in existing.Tables.Where(t => t.Name.StartsWith(StagingPrefix, StringComparison.OrdinalIgnoreCase)
            || t.Name.StartsWith(ReplacedPrefix, StringComparison.OrdinalIgnoreCase)))
            await database.Schema.DropTableIfExists(leftover.Name).ExecuteAsync(cancellationToken).ConfigureAwait(false);

        var staged = tables.Select((t, i) => (Table: t, Name: Name(StagingPrefix, i, t.Name))).ToDictionary(p => p.Table, p => p.Name);
        var created = new List<string>();
        IReadOnlyList<TransferTableSummary> summaries;
        try
        {
            foreach (var table in tables)
            {
                await ArchiveTableDdl.CreateAsync(database, table, staged[table], withForeignKeys: false, cancellationToken).ConfigureAwait(false);
                created.Add(staged[table]);
            }
            summaries = await ArchiveLoader.LoadAsync(database, reader, tables, t => staged[t], options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var name in created)
                await database.Schema.DropTableIfExists(name).ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // The swap: every replaced table out and every staged table in, in one statement where the database has one.
        var replaced = present.Select((name, i) => (From: name, To: Name(ReplacedPrefix, i, name))).ToList();
        var renames = replaced.Concat(tables.Select(t => (From: staged[t], To: t.Name))).ToList();
        if (database.Dialect.RenameTablesSql(renames) is { } swap)
        {
            await database.ExecuteAsync(swap, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var (from, to) in renames)
                await database.Schema.RenameTable(from, to).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        // Without their foreign keys, so tables that refer to each other drop one by one.
        foreach (var (from, to) in replaced)
            await ArchiveTableDdl.DropForeignKeysAsync(database, existing.FindTable(from)!, to, cancellationToken).ConfigureAwait(false);
        foreach (var (_, name) in replaced)
            await database.Schema.DropTable(name).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
            await ArchiveTableDdl.AddForeignKeysAsync(database, table, table.Name, cancellationToken).ConfigureAwait(false);
        await DatabaseRestorer.ResetIdentitiesAsync(database, tables, cancellationToken).ConfigureAwait(false);
        return summaries;
    }

    /// <summary>A staging name that keeps the table's name where it fits, with its position to keep truncated names apart.</summary>
    private static string Name(string prefix, int index, string table)
    {
        var name = $"{prefix}{index}_{table}";
        return name.Length <= MaxName ? name : name[..MaxName];
    }
}
