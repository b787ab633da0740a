using Strata.Schema.Introspection;

namespace Strata.Sqlite;

/// <summary>Reads the schema of a Sqlite database.</summary>
public class SqliteIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteIntrospector Instance { get; } = new();

    /// <inheritdoc />
    public override Task<DatabaseSchema> IntrospectAsync(ISession session, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<TableSchema?> IntrospectTableAsync(ISession session, string table, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
