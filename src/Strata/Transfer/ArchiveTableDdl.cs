using Strata.Schema;

namespace Strata.Transfer;

/// <summary>Declares an archived table through the schema builder, in whatever dialect the target speaks.</summary>
internal static class ArchiveTableDdl
{
    /// <summary>
    /// Creates <paramref name="table"/> as <paramref name="name"/>, with its foreign keys only when <paramref name="withForeignKeys"/>
    /// and its indexes only when <paramref name="withIndexes"/>.
    /// </summary>
    public static Task CreateAsync(IDbSession session, ArchiveTable table, string name, bool withForeignKeys, CancellationToken cancellationToken,
        bool withIndexes = true) =>
        session.Schema.CreateTable(name, t => Declare(t, table, withForeignKeys, withIndexes)).ExecuteAsync(cancellationToken);

    /// <summary>
    /// Drops the primary key <see cref="CreateAsync"/> gave the new table <paramref name="name"/>, so that its rows load without the
    /// key's index (see <see cref="Dialects.SqlDialect.BuildsKeysAfterBulkLoad"/>); <see cref="AddKeyAndIndexesAsync"/> puts it back.
    /// </summary>
    public static async Task DropPrimaryKeyAsync(IDbSession session, ArchiveTable table, string name, CancellationToken cancellationToken)
    {
        if (KeyColumns(table).Count == 0) return;
        var drop = Sql.Raw("ALTER TABLE ") + Sql.Identifier(name) + Sql.Raw(" DROP CONSTRAINT ") + Sql.Identifier(ConstraintNames.PrimaryKey(name));
        await session.ExecuteAsync(drop, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the primary key and the indexes of <paramref name="table"/> to the loaded table <paramref name="name"/>, under the names <see cref="CreateAsync"/> gives them.</summary>
    public static async Task AddKeyAndIndexesAsync(IDbSession session, ArchiveTable table, string name, CancellationToken cancellationToken)
    {
        var key = KeyColumns(table);
        if (key.Count > 0)
        {
            var add = Sql.Raw("ALTER TABLE ") + Sql.Identifier(name) + Sql.Raw(" ADD CONSTRAINT ") + Sql.Identifier(ConstraintNames.PrimaryKey(name))
                + Sql.Raw(" PRIMARY KEY (") + Sql.Join(Sql.Raw(", "), key.Select(Sql.Identifier)) + Sql.Raw(")");
            await session.ExecuteAsync(add, cancellationToken).ConfigureAwait(false);
        }
        foreach (var index in table.Indexes)
            await session.Schema.CreateIndex(name, [.. index.Columns], index.Name, index.IsUnique).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The primary key's columns as <see cref="Declare"/> makes it: the auto-increment column when there is one.</summary>
    private static IReadOnlyList<string> KeyColumns(ArchiveTable table) =>
        table.Columns.FirstOrDefault(c => c.Type.IsAutoIncrement) is { } auto ? [auto.Name] : table.PrimaryKey;

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

    private static void Declare(TableBuilder t, ArchiveTable table, bool withForeignKeys, bool withIndexes)
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
        foreach (var index in withIndexes ? table.Indexes : [])
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
