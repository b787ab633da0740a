using Strata.Schema;

namespace Strata.Postgres;

/// <summary>Compiles schema-builder statements into Postgres DDL.</summary>
public class PostgresDdlCompiler : DdlCompiler
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static PostgresDdlCompiler Instance { get; } = new();
}
