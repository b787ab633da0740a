using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Sqlite;

/// <summary>
/// Empties tables with <c>DELETE</c> and forgets their <c>AUTOINCREMENT</c> counters in <c>sqlite_sequence</c>, and drops a
/// file's views and tables (their indexes and triggers go with them), in one transaction with foreign keys deferred to the commit.
/// </summary>
public class SqliteTableCleaner : TableCleaner
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteTableCleaner Instance { get; } = new();

    /// <inheritdoc />
    public override Task TruncateAsync(IDbSession session, IReadOnlyList<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tables);
        return session.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"PRAGMA defer_foreign_keys = ON", cancellationToken).ConfigureAwait(false);
            foreach (var table in tables)
                await tx.ExecuteAsync(Sql.Raw("DELETE FROM ") + Name(tx, table), cancellationToken).ConfigureAwait(false);
            var counters = await tx.ScalarAsync<long>($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'", cancellationToken).ConfigureAwait(false);
            if (counters > 0)
            {
                var names = tables.Select(t => t.Name).ToList();
                await tx.ExecuteAsync($"DELETE FROM sqlite_sequence WHERE name IN ({names})", cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public override Task DropAllAsync(IDbSession session, DatabaseSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(schema);
        return session.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"PRAGMA defer_foreign_keys = ON", cancellationToken).ConfigureAwait(false);
            foreach (var view in schema.Views)
                await tx.ExecuteAsync(Sql.Raw("DROP VIEW IF EXISTS ") + Name(tx, view.Schema, view.Name), cancellationToken).ConfigureAwait(false);
            foreach (var table in schema.Tables)
                await tx.ExecuteAsync(Sql.Raw("DROP TABLE IF EXISTS ") + Name(tx, table), cancellationToken).ConfigureAwait(false);
        }, cancellationToken: cancellationToken);
    }
}
