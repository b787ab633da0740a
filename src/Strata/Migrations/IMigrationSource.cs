using Strata.Dialects;

namespace Strata;

/// <summary>Where migrations come from: C# types in assemblies, SQL files in a folder, or SQL files embedded in an assembly.</summary>
public interface IMigrationSource
{
    /// <summary>Reads the migrations (SQL files for one database only, such as <c>001_name.postgres.sql</c>, are left out).</summary>
    /// <exception cref="MigrationException">A migration is malformed; the message names the file (and line) or type.</exception>
    IReadOnlyList<MigrationDefinition> Load();

    /// <summary>
    /// Reads the migrations for a database of <paramref name="dialect"/>: where a SQL migration has a variant for it
    /// (<c>001_name.postgres.sql</c> beside <c>001_name.sql</c>, see <see cref="SqlDialect.ScriptVariantTags"/>), the variant
    /// is read instead. The default ignores the dialect.
    /// </summary>
    /// <param name="dialect">The database's dialect.</param>
    /// <exception cref="MigrationException">A migration is malformed, or has variants for other databases only; the message names the file.</exception>
    IReadOnlyList<MigrationDefinition> Load(SqlDialect dialect) => Load();
}
