using Strata.Schema;

namespace Strata.Sqlite;

/// <summary>Compiles schema-builder statements into Sqlite DDL.</summary>
public class SqliteDdlCompiler : DdlCompiler
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteDdlCompiler Instance { get; } = new();
}
