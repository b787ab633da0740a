using Strata.Schema.Introspection;

namespace Strata.Postgres;

/// <summary>Reads the schema of a Postgres database.</summary>
public class PostgresIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static PostgresIntrospector Instance { get; } = new();

    /// <inheritdoc />
    public override Task<DatabaseSchema> IntrospectAsync(ISession session, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<TableSchema?> IntrospectTableAsync(ISession session, string table, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
