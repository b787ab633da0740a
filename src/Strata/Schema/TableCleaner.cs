using Strata.Schema.Introspection;

namespace Strata.Schema;

/// <summary>
/// How one kind of database empties tables and drops everything in a schema: the provider's side of
/// <see cref="SchemaBuilder.TruncateAsync"/>, <see cref="SchemaBuilder.TruncateAllAsync"/> and <see cref="SchemaBuilder.DropAllAsync"/>.
/// Each provider supplies one through <see cref="Dialects.SqlDialect.Cleaner"/>.
/// </summary>
/// <remarks>
/// The schema builder chooses the tables, checks that no other table refers to them, orders them children first and
/// hands over a session that keeps one connection, so session settings (MySQL's <c>FOREIGN_KEY_CHECKS</c>) last between
/// statements. Stateless and thread-safe.
/// </remarks>
public abstract class TableCleaner
{
    /// <summary>Deletes every row of <paramref name="tables"/> and restarts their identity or auto-increment counters.</summary>
    /// <param name="session">A session on one connection (a <see cref="ConnectionSession"/> or a transaction).</param>
    /// <param name="tables">The tables, those that refer to others first.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public abstract Task TruncateAsync(IDbSession session, IReadOnlyList<TableSchema> tables, CancellationToken cancellationToken);

    /// <summary>
    /// Moves <paramref name="table"/>'s identity or serial counters past the highest value in their columns, after rows were
    /// inserted with explicit keys (fixtures, imports), so the next insert without a key does not collide. Does nothing by
    /// default: MySQL, MariaDB and SQLite move their counters by themselves.
    /// </summary>
    /// <param name="session">The session (a transaction is fine).</param>
    /// <param name="table">The table's name, as Strata's builders take it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public virtual Task SyncIdentityAsync(IDbSession session, string table, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops <paramref name="schema"/>'s views and tables, and what else the database keeps in the schema that migrations create.</summary>
    /// <param name="session">A session on one connection.</param>
    /// <param name="schema">What introspection found, tables ordered children first.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public abstract Task DropAllAsync(IDbSession session, DatabaseSchema schema, CancellationToken cancellationToken);

    /// <summary>The table's name quoted by the session's dialect, qualified by its schema when introspection gave one.</summary>
    /// <param name="session">The session whose dialect quotes.</param>
    /// <param name="table">The table.</param>
    protected static Sql Name(IDbSession session, TableSchema table)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(table);
        return Name(session, table.Schema, table.Name);
    }

    /// <summary>An object's name quoted by the session's dialect, qualified by <paramref name="schema"/> when given.</summary>
    /// <param name="session">The session whose dialect quotes.</param>
    /// <param name="schema">The schema or database, or null.</param>
    /// <param name="name">The object's name as the catalog spells it.</param>
    protected static Sql Name(IDbSession session, string? schema, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(name);
        // Names come from the catalog, so they are quoted rather than validated: a table named "order-lines" is emptied too.
        var quoted = session.Dialect.QuoteIdentifier(name);
        return Sql.Raw(schema is null ? quoted : session.Dialect.QuoteIdentifier(schema) + "." + quoted);
    }

    /// <summary>A comma-separated list of the tables' quoted names.</summary>
    /// <param name="session">The session whose dialect quotes.</param>
    /// <param name="tables">The tables.</param>
    protected static Sql Names(IDbSession session, IEnumerable<TableSchema> tables) =>
        Sql.Join(Sql.Raw(", "), tables.Select(t => Name(session, t)));
}
