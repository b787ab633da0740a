using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Strata;

/// <summary>The C# migrations in assemblies (every non-abstract class implementing <see cref="IMigration"/>), or of a list of types.</summary>
public sealed class AssemblyMigrationSource : IMigrationSource
{
    private readonly Func<IEnumerable<Candidate>> _types;

    /// <summary>The migrations of every class in <paramref name="assemblies"/> that implements <see cref="IMigration"/>.</summary>
    /// <param name="assemblies">The assemblies to search.</param>
    [RequiresUnreferencedCode("Finds migration classes by reading every type of the assemblies, which trimming may have removed. In trimmed and native AOT applications add each migration with MigrationOptions.Add<TMigration>().")]
    public AssemblyMigrationSource(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _types = () => assemblies.SelectMany(a => a.GetTypes()).Select(t => new Candidate(t));
    }

    private AssemblyMigrationSource(Func<IEnumerable<Candidate>> types) => _types = types;

    /// <summary>The migrations of exactly these classes (a module's, or a test's).</summary>
    /// <param name="types">Classes implementing <see cref="IMigration"/>.</param>
    [RequiresUnreferencedCode("Reads the constructors and methods of types that trimming cannot see are needed. In trimmed and native AOT applications add each migration with MigrationOptions.Add<TMigration>().")]
    public static AssemblyMigrationSource FromTypes(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var candidates = types.Select(t => new Candidate(t)).ToArray();
        return new AssemblyMigrationSource(() => candidates);
    }

    /// <summary>The migration of one class, kept with everything it needs in trimmed and native AOT applications.</summary>
    /// <typeparam name="TMigration">A class implementing <see cref="IMigration"/>, marked with <see cref="MigrationAttribute"/>.</typeparam>
    public static AssemblyMigrationSource For<[DynamicallyAccessedMembers(MigrationDefinition.TypeMembers)] TMigration>()
        where TMigration : IMigration, new()
    {
        Candidate[] candidates = [new(typeof(TMigration))];
        return new AssemblyMigrationSource(() => candidates);
    }

    /// <summary>A type that may be a migration, with the members a migration's type must keep.</summary>
    private sealed class Candidate([DynamicallyAccessedMembers(MigrationDefinition.TypeMembers)] Type type)
    {
        [DynamicallyAccessedMembers(MigrationDefinition.TypeMembers)]
        public Type Type { get; } = type;
    }

    /// <inheritdoc />
    /// <exception cref="MigrationException">A migration class without <see cref="MigrationAttribute"/>, with an invalid version, or without a public parameterless constructor.</exception>
    public IReadOnlyList<MigrationDefinition> Load()
    {
        var result = new List<MigrationDefinition>();
        foreach (var candidate in _types())
        {
            var type = candidate.Type;
            if (!typeof(IMigration).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface) continue;
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
