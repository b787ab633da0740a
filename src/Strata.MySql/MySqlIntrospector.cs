using Strata.Schema.Introspection;

namespace Strata.MySql;

/// <summary>Reads the schema of a MySql database.</summary>
public class MySqlIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlIntrospector Instance { get; } = new();

    /// <inheritdoc />
    public override Task<DatabaseSchema> IntrospectAsync(ISession session, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<TableSchema?> IntrospectTableAsync(ISession session, string table, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
