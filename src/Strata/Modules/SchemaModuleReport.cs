using System.Collections;

namespace Strata.Modules;

/// <summary>
/// Each module and where it stands (from <see cref="SchemaModules.ApplyAsync"/>, <see cref="SchemaModules.StatusAsync"/> or
/// <see cref="SchemaModules.GetAll"/>), in the order they run, with the <see cref="Warnings"/> about folders that were left out.
/// </summary>
/// <remarks>Immutable. Enumerates the modules' states, so it can be used as the list it used to be.</remarks>
public sealed class SchemaModuleReport : IReadOnlyList<SchemaModuleStatus>
{
    private readonly IReadOnlyList<SchemaModuleStatus> _modules;

    internal SchemaModuleReport(IReadOnlyList<SchemaModuleStatus> modules, IReadOnlyList<SchemaModuleWarning> warnings)
    {
        _modules = modules;
        Warnings = warnings;
    }

    /// <summary>The folders that look like modules but could not be used, and why; empty when all were used.</summary>
    public IReadOnlyList<SchemaModuleWarning> Warnings { get; }

    /// <inheritdoc />
    public int Count => _modules.Count;

    /// <inheritdoc />
    public SchemaModuleStatus this[int index] => _modules[index];

    /// <inheritdoc />
    public IEnumerator<SchemaModuleStatus> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
