using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Postgres;

/// <summary>
/// Empties tables with one <c>TRUNCATE … RESTART IDENTITY</c>, and drops a schema's views, tables, sequences, types and
/// routines in one transaction (objects that belong to an extension are left to it).
/// </summary>
public class PostgresTableCleaner : TableCleaner
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static PostgresTableCleaner Instance { get; } = new();

    /// <inheritdoc />
    public override Task TruncateAsync(IDbSession session, IReadOnlyList<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ExecuteAsync(Sql.Raw("TRUNCATE TABLE ") + Names(session, tables) + Sql.Raw(" RESTART IDENTITY"), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Sets each column's sequence (<c>serial</c> or identity) with <c>setval</c> to the column's highest value, or restarts it on an empty table.</remarks>
    public override async Task SyncIdentityAsync(IDbSession session, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var quoted = Sql.Identifier(table);
        var name = session.Dialect.QuoteIdentifier(table);
        var columns = await session.QueryAsync<string>(
            $"SELECT a.attname FROM pg_attribute a WHERE a.attrelid = CAST({name} AS regclass) AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence({name}, a.attname) IS NOT NULL",
            cancellationToken).ConfigureAwait(false);
        foreach (var column in columns)
        {
            var max = await session.ScalarAsync<long?>(Sql.Raw("SELECT max(") + Sql.Identifier(column) + Sql.Raw(") FROM ") + quoted, cancellationToken).ConfigureAwait(false);
            await session.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence({name}, {column}), {max ?? 1}, {max is not null})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task DropAllAsync(IDbSession session, DatabaseSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(schema);
        return session.TransactionAsync(async tx =>
        {
            foreach (var view in schema.Views)
                await tx.ExecuteAsync(Sql.Raw("DROP VIEW IF EXISTS ") + Name(tx, view.Schema, view.Name) + Sql.Raw(" CASCADE"), cancellationToken).ConfigureAwait(false);
            if (schema.Tables.Count > 0)
                await tx.ExecuteAsync(Sql.Raw("DROP TABLE IF EXISTS ") + Names(tx, schema.Tables) + Sql.Raw(" CASCADE"), cancellationToken).ConfigureAwait(false);
            // What is left once the tables are gone: quote_ident has already quoted each name for the DROP.
            var rest = await tx.QueryAsync<CatalogObject>(Sql.Raw(Leftovers), cancellationToken).ConfigureAwait(false);
            foreach (var item in rest)
                await tx.ExecuteAsync(Sql.Raw($"DROP {item.Kind} IF EXISTS {item.Name} CASCADE"), cancellationToken).ConfigureAwait(false);
        }, cancellationToken: cancellationToken);
    }

    private static string NotFromExtension(string oid) => $"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')";

    private static readonly string Leftovers = $"""
        SELECT 'MATERIALIZED VIEW' AS kind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, 1 AS step
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'm' AND {NotFromExtension("c.oid")}
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
               quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', 2
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = current_schema() AND {NotFromExtension("p.oid")}
        UNION ALL
        SELECT 'SEQUENCE', quote_ident(n.nspname) || '.' || quote_ident(c.relname), 3
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'S' AND {NotFromExtension("c.oid")}
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, quote_ident(n.nspname) || '.' || quote_ident(t.typname), 4
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = current_schema() AND {NotFromExtension("t.oid")}
           AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
        ORDER BY step, name
        """;

    private sealed record CatalogObject(string Kind, string Name, int Step);
}
