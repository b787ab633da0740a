using Strata.Schema.Introspection;

namespace Strata.MySql;

/// <summary>Reads the schema of a MySql database.</summary>
public class MySqlIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlIntrospector Instance { get; } = new();
}
