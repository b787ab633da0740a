namespace Strata;

/// <summary>Where migrations come from: C# types in assemblies, SQL files in a folder, or SQL files embedded in an assembly.</summary>
public interface IMigrationSource
{
    /// <summary>Reads the migrations.</summary>
    /// <exception cref="MigrationException">A migration is malformed; the message names the file (and line) or type.</exception>
    IReadOnlyList<MigrationDefinition> Load();
}
