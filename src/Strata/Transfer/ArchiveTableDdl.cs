namespace Strata.Transfer;

/// <summary>Declares an archived table through the schema builder, in whatever dialect the target speaks.</summary>
internal static class ArchiveTableDdl
{
    /// <summary>Creates <paramref name="table"/> as <paramref name="name"/>, with its foreign keys only when <paramref name="withForeignKeys"/>.</summary>
    public static Task CreateAsync(IDbSession session, ArchiveTable table, string name, bool withForeignKeys, CancellationToken cancellationToken) =>
        session.Schema.CreateTable(name, t => Declare(t, table, withForeignKeys)).ExecuteAsync(cancellationToken);

    /// <summary>Adds the table's foreign keys to the existing table <paramref name="name"/> (which already holds its rows).</summary>
    public static async Task AddForeignKeysAsync(IDbSession session, ArchiveTable table, string name, CancellationToken cancellationToken)
    {
        if (table.ForeignKeys.Count == 0) return;
        await session.Schema.AlterTable(name, t =>
        {
            foreach (var key in table.ForeignKeys)
            {
                var builder = t.ForeignKey([.. key.Columns]).References(key.ReferencedTable, [.. key.ReferencedColumns]).OnDelete(key.OnDelete).OnUpdate(key.OnUpdate);
                if (key.Name is not null) builder.Named(key.Name);
            }
        }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the foreign keys the existing table <paramref name="existing"/> has (known as <paramref name="name"/> now), so that
    /// tables that refer to each other can be dropped one by one.
    /// </summary>
    public static async Task DropForeignKeysAsync(IDbSession session, Schema.Introspection.TableSchema existing, string name, CancellationToken cancellationToken)
    {
        var named = existing.ForeignKeys.Where(k => k.Name is not null).ToList();
        if (named.Count == 0) return;
        await session.Schema.AlterTable(name, t =>
        {
            foreach (var key in named) t.DropForeignKey(key.Name!);
        }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Declare(TableBuilder t, ArchiveTable table, bool withForeignKeys)
    {
        foreach (var column in table.Columns)
        {
            var builder = t.Column(column.Name, column.Type);
            if (!column.Type.IsAutoIncrement) builder.Nullable(column.IsNullable);
            column.Default?.Apply(builder);
        }
        var autoKey = table.Columns.Any(c => c.Type.IsAutoIncrement);
        if (table.PrimaryKey.Count > 0 && !autoKey) t.PrimaryKey([.. table.PrimaryKey]);
        foreach (var unique in table.Uniques)
        {
            var constraint = t.Unique([.. unique.Columns]);
            if (unique.Name is not null) constraint.Named(unique.Name);
        }
        foreach (var index in table.Indexes)
        {
            var builder = t.Index([.. index.Columns]).Named(index.Name);
            if (index.IsUnique) builder.Unique();
        }
        if (!withForeignKeys) return;
        foreach (var key in table.ForeignKeys)
        {
            var builder = t.ForeignKey([.. key.Columns]).References(key.ReferencedTable, [.. key.ReferencedColumns]).OnDelete(key.OnDelete).OnUpdate(key.OnUpdate);
            if (key.Name is not null) builder.Named(key.Name);
        }
    }
}
