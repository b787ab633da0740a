using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Strata;

/// <summary>
/// Where seeds come from (<see cref="DatabaseOptions.Seeds"/>): <see cref="ISeeder"/> classes, and <c>.sql</c> files in seed
/// folders (files directly in a folder run in every environment; files in its <c>{environment}</c> subfolder only there).
/// </summary>
public sealed class SeedOptions
{
    private readonly Dictionary<Type, Func<ISeeder>> _factories = [];

    /// <summary>
    /// The seeder classes. One added here directly is created by reflection, which trimming cannot see; <see cref="Add{TSeeder}"/>
    /// adds one that works in trimmed and native AOT applications.
    /// </summary>
    public IList<Type> Seeders { get; } = [];

    /// <summary>Adds the seeder <typeparamref name="TSeeder"/>, created without reflection (works in trimmed and native AOT applications).</summary>
    /// <typeparam name="TSeeder">A class implementing <see cref="ISeeder"/>.</typeparam>
    public SeedOptions Add<TSeeder>() where TSeeder : ISeeder, new()
    {
        _factories[typeof(TSeeder)] = static () => new TSeeder();
        Seeders.Add(typeof(TSeeder));
        return this;
    }

    /// <summary>The seeder of <paramref name="type"/>: from its factory when <see cref="Add{TSeeder}"/> added it, else by reflection.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Types without a factory come from AddTypes or AddAssembly, which carry RequiresUnreferencedCode, so trimmed applications are told to use Add<TSeeder>().")]
    internal ISeeder Create(Type type) => _factories.TryGetValue(type, out var create) ? create() : (ISeeder)Activator.CreateInstance(type)!;

    /// <summary>The folders of SQL seed files.</summary>
    public IList<string> Folders { get; } = [];

    /// <summary>Adds seeder classes.</summary>
    /// <param name="types">Classes implementing <see cref="ISeeder"/>.</param>
    /// <exception cref="ArgumentException">A type that is not a concrete <see cref="ISeeder"/> with a public parameterless constructor.</exception>
    [RequiresUnreferencedCode("Seeders added by type are created by reflection, which trimming cannot see; in trimmed and native AOT applications use Add<TSeeder>().")]
    public SeedOptions AddTypes(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
        {
            if (!typeof(ISeeder).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
                throw new ArgumentException($"{type.FullName} is not a seeder: it must implement ISeeder, not be abstract, and have a public parameterless constructor.", nameof(types));
            Seeders.Add(type);
        }
        return this;
    }

    /// <summary>Adds every concrete <see cref="ISeeder"/> class of <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly.</param>
    [RequiresUnreferencedCode("Finds seeders by reading every type of the assembly, which trimming may have removed; in trimmed and native AOT applications use Add<TSeeder>().")]
    public SeedOptions AddAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return AddTypes([.. assembly.GetTypes().Where(t => typeof(ISeeder).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })]);
    }

    /// <summary>Adds a folder of SQL seed files.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public SeedOptions AddFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"The seeds folder '{full}' does not exist.");
        Folders.Add(full);
        return this;
    }
}
