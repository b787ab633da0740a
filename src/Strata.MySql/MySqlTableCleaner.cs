using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.MySql;

/// <summary>
/// Empties tables with <c>TRUNCATE TABLE</c> (which restarts <c>AUTO_INCREMENT</c>) and drops a database's views, tables and
/// routines, with <c>FOREIGN_KEY_CHECKS</c> off on the session's connection meanwhile. Each statement commits by itself.
/// </summary>
public class MySqlTableCleaner : TableCleaner
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlTableCleaner Instance { get; } = new();

    /// <inheritdoc />
    public override Task TruncateAsync(IDbSession session, IReadOnlyList<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return WithoutForeignKeyChecksAsync(session, async () =>
        {
            foreach (var table in tables)
                await session.ExecuteAsync(Sql.Raw("TRUNCATE TABLE ") + Name(session, table), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override Task DropAllAsync(IDbSession session, DatabaseSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return WithoutForeignKeyChecksAsync(session, async () =>
        {
            foreach (var view in schema.Views)
                await session.ExecuteAsync(Sql.Raw("DROP VIEW IF EXISTS ") + Name(session, view.Schema, view.Name), cancellationToken).ConfigureAwait(false);
            if (schema.Tables.Count > 0)
                await session.ExecuteAsync(Sql.Raw("DROP TABLE IF EXISTS ") + Names(session, schema.Tables), cancellationToken).ConfigureAwait(false);
            var routines = await session.QueryAsync<Routine>(
                $"SELECT routine_type AS kind, routine_name AS name FROM information_schema.routines WHERE routine_schema = DATABASE()", cancellationToken).ConfigureAwait(false);
            foreach (var routine in routines)
            {
                var kind = routine.Kind.Equals("PROCEDURE", StringComparison.OrdinalIgnoreCase) ? "PROCEDURE" : "FUNCTION";
                await session.ExecuteAsync(Sql.Raw($"DROP {kind} IF EXISTS ") + Name(session, null, routine.Name), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    private static async Task WithoutForeignKeyChecksAsync(IDbSession session, Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.ExecuteAsync($"SET FOREIGN_KEY_CHECKS = 0", cancellationToken).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            // Not the caller's token: the connection goes back to the pool and must not keep the checks off.
            await session.ExecuteAsync($"SET FOREIGN_KEY_CHECKS = 1", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed record Routine(string Kind, string Name);
}
