using System.Reflection;

namespace Strata;

/// <summary>The C# migrations in assemblies (every non-abstract class implementing <see cref="IMigration"/>), or of a list of types.</summary>
public sealed class AssemblyMigrationSource : IMigrationSource
{
    private readonly Func<IEnumerable<Type>> _types;

    /// <summary>The migrations of every class in <paramref name="assemblies"/> that implements <see cref="IMigration"/>.</summary>
    /// <param name="assemblies">The assemblies to search.</param>
    public AssemblyMigrationSource(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _types = () => assemblies.SelectMany(a => a.GetTypes());
    }

    private AssemblyMigrationSource(Type[] types) => _types = () => types;

    /// <summary>The migrations of exactly these classes (a module's, or a test's).</summary>
    /// <param name="types">Classes implementing <see cref="IMigration"/>.</param>
    public static AssemblyMigrationSource FromTypes(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        return new AssemblyMigrationSource(types);
    }

    /// <inheritdoc />
    /// <exception cref="MigrationException">A migration class without <see cref="MigrationAttribute"/>, with an invalid version, or without a public parameterless constructor.</exception>
    public IReadOnlyList<MigrationDefinition> Load()
    {
        var result = new List<MigrationDefinition>();
        foreach (var type in _types().Where(t => typeof(IMigration).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
        {
            var attribute = type.GetCustomAttribute<MigrationAttribute>()
                ?? throw new MigrationException($"Migration class {type.FullName} has no [Migration(\"version\", \"name\")] attribute: add one to give it its place in the order.") { File = type.FullName };
            if (MigrationFileName.TryParse(attribute.Version + "_m.sql") is null)
                throw new MigrationException($"Migration class {type.FullName} has the version '{attribute.Version}', which is not digits in underscore-separated groups (001, 20250103143000, 20250103_001).") { File = type.FullName, Version = attribute.Version };
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new MigrationException($"Migration class {type.FullName} needs a public parameterless constructor.") { File = type.FullName, Version = attribute.Version };
            result.Add(MigrationDefinition.FromType(type, attribute));
        }
        return result;
    }
}
