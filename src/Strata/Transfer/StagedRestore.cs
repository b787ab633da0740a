using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>
/// A restore on a database without transactional DDL (MySQL, MariaDB): the archive's tables are created and loaded under
/// staging names (<c>strata_restore_…</c>), verified, then swapped in by one atomic rename (the replaced tables going to
/// <c>strata_replaced_…</c>), then get their foreign keys, and only then are the replaced tables dropped. A failure before or
/// of the swap drops the staging tables; a failure while the foreign keys are settled swaps the replaced tables back (with
/// theirs); a process killed part-way leaves staging or replaced tables behind, and the next restore drops them first.
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
        // Leftovers of a restore that was killed before it finished: without their foreign keys first, since they may refer to
        // each other (a parent cannot be dropped before its child).
        var leftovers = existing.Tables.Where(t => t.Name.StartsWith(StagingPrefix, StringComparison.OrdinalIgnoreCase)
            || t.Name.StartsWith(ReplacedPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var leftover in leftovers)
            await ArchiveTableDdl.DropForeignKeysAsync(database, leftover, leftover.Name, cancellationToken).ConfigureAwait(false);
        foreach (var leftover in leftovers)
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
            // Identity counters move with a table when it is renamed: set on the staged tables, nothing is left to do to them after the swap.
            await DatabaseRestorer.ResetIdentitiesAsync(database, tables.Select(t => t with { Name = staged[t] }), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DropAsync(database, created).ConfigureAwait(false);
            throw;
        }

        // The swap: every replaced table out and every staged table in, in one statement where the database has one.
        var replaced = present.Select((name, i) => (From: name, To: Name(ReplacedPrefix, i, name))).ToList();
        var renames = replaced.Concat(tables.Select(t => (From: staged[t], To: t.Name))).ToList();
        try
        {
            if (database.Dialect.RenameTablesSql(renames) is { } swap)
            {
                await database.ExecuteAsync(swap, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var (from, to) in renames)
                    await database.Schema.RenameTable(from, to).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // The swap is one atomic statement: refused, it renamed nothing, and the staged tables go as after any other
            // failure before it (a staged name that is gone was swapped in, so its drop does nothing).
            await DropAsync(database, created).ConfigureAwait(false);
            throw;
        }

        // The replaced tables lose their foreign keys (whose names the restored tables' keys may reuse), then the restored tables
        // get theirs. A failure here swaps the replaced tables back, with their keys, so the target is as it was.
        var unkeyed = new List<(string From, string To)>();
        try
        {
            foreach (var (from, to) in replaced)
            {
                await ArchiveTableDdl.DropForeignKeysAsync(database, existing.FindTable(from)!, to, cancellationToken).ConfigureAwait(false);
                unkeyed.Add((from, to));
            }
            foreach (var table in tables)
                await ArchiveTableDdl.AddForeignKeysAsync(database, table, table.Name, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await SwapBackAsync(database, tables, staged, replaced, unkeyed, existing).ConfigureAwait(false);
            throw;
        }

        // The restore is complete: the replaced tables go, tried twice (a dropped connection is not a reason to keep them). A
        // connection still failing leaves them to the next restore, which drops them first; the database refusing (a table
        // outside the archive still refers to one) is thrown, as the caller must settle it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DropAsync(database, replaced.Select(r => r.To)).ConfigureAwait(false);
                break;
            }
            catch (DatabaseException) when (attempt == 1)
            {
            }
            catch (ConnectionFailureException)
            {
                break;
            }
        }
        return summaries;
    }

    /// <summary>Undoes a swap whose foreign keys could not be settled: the restored tables back to their staging names and away, the replaced ones back with their keys.</summary>
    private static async Task SwapBackAsync(IDbSession database, IReadOnlyList<ArchiveTable> tables, Dictionary<ArchiveTable, string> staged,
        List<(string From, string To)> replaced, List<(string From, string To)> unkeyed, DatabaseSchema existing)
    {
        var none = CancellationToken.None;
        var back = tables.Select(t => (From: t.Name, To: staged[t])).Concat(replaced.Select(r => (From: r.To, To: r.From))).ToList();
        if (database.Dialect.RenameTablesSql(back) is { } swap)
        {
            await database.ExecuteAsync(swap, none).ConfigureAwait(false);
        }
        else
        {
            foreach (var (from, to) in back)
                await database.Schema.RenameTable(from, to).ExecuteAsync(none).ConfigureAwait(false);
        }
        // The restored tables' keys go with them (children first); then the replaced tables get back the keys they lost.
        await DropAsync(database, Enumerable.Reverse(tables).Select(t => staged[t])).ConfigureAwait(false);
        foreach (var (from, _) in unkeyed)
        {
            var old = existing.FindTable(from)!;
            await ArchiveTableDdl.AddForeignKeysAsync(database, new ArchiveTable(from, [], [], [], [], old.ForeignKeys), from, none).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the tables that exist of <paramref name="names"/>, in order, whatever the caller's cancellation says.</summary>
    private static async Task DropAsync(IDbSession database, IEnumerable<string> names)
    {
        foreach (var name in names)
            await database.Schema.DropTableIfExists(name).ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A staging name that keeps the table's name where it fits, with its position to keep truncated names apart.</summary>
    private static string Name(string prefix, int index, string table)
    {
        var name = $"{prefix}{index}_{table}";
        return name.Length <= MaxName ? name : name[..MaxName];
    }
}
