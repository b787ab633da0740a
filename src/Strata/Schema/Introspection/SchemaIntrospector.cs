namespace Strata.Schema.Introspection;

/// <summary>
/// Reads tables, views, columns, keys, indexes and foreign keys from one kind of database. Each
/// provider supplies one through <see cref="Dialects.SqlDialect.Introspector"/>.
/// </summary>
/// <remarks>Stateless and thread-safe; every read runs through the given session (so inside its transaction).</remarks>
public abstract class SchemaIntrospector
{
    /// <summary>Reads every table and view of the session's current database or schema.</summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public abstract Task<DatabaseSchema> IntrospectAsync(IDbSession session, CancellationToken cancellationToken = default);

    /// <summary>Reads one table, or returns null when it does not exist.</summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public abstract Task<TableSchema?> IntrospectTableAsync(IDbSession session, string table, CancellationToken cancellationToken = default);
}
