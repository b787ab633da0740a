using Strata.Schema;

namespace Strata.MySql;

/// <summary>Compiles schema-builder statements into MySql DDL.</summary>
public class MySqlDdlCompiler : DdlCompiler
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlDdlCompiler Instance { get; } = new();
}
