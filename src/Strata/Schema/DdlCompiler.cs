namespace Strata.Schema;

/// <summary>
/// Compiles schema-builder statements into one dialect's DDL. Each provider supplies one through
/// <see cref="Dialects.SqlDialect.Ddl"/>.
/// </summary>
public abstract class DdlCompiler
{
}
