using System.Reflection;
using System.Text.RegularExpressions;

namespace Strata.KeyValue;

/// <summary>One key-value migration as its class declares it: version, name and whether it can be rolled back. Immutable.</summary>
public sealed partial class KeyValueMigrationDefinition
{
    private readonly Type _type;

    private KeyValueMigrationDefinition(Type type, MigrationAttribute attribute, bool hasDown)
    {
        _type = type;
        Version = attribute.Version;
        Name = attribute.Name;
        Irreversible = attribute.Irreversible;
        HasDown = hasDown && !attribute.Irreversible;
    }

    /// <summary>The version; migrations run in <see cref="MigrationVersion"/> order.</summary>
    public string Version { get; }

    /// <summary>The description.</summary>
    public string Name { get; }

    /// <summary>The class's full name.</summary>
    public string Source => _type.FullName ?? _type.Name;

    /// <summary>Declared impossible to roll back.</summary>
    public bool Irreversible { get; }

    /// <summary>True when it has a down step (false for irreversible ones).</summary>
    public bool HasDown { get; }

    /// <summary>The migration of <paramref name="type"/>, checked.</summary>
    /// <exception cref="MigrationException">No attribute, an invalid version, <c>NoTransaction</c>, or no public parameterless constructor.</exception>
    internal static KeyValueMigrationDefinition FromType(Type type)
    {
        var attribute = type.GetCustomAttribute<MigrationAttribute>()
            ?? throw new MigrationException($"Key-value migration class {type.FullName} has no [Migration(\"version\", \"name\")] attribute: add one to give it its place in the order.") { File = type.FullName };
        if (!VersionPattern().IsMatch(attribute.Version))
            throw new MigrationException($"Key-value migration class {type.FullName} has the version '{attribute.Version}', which is not digits in underscore-separated groups (001, 20250103143000, 20250103_001).")
            { File = type.FullName, Version = attribute.Version };
        if (attribute.NoTransaction)
            throw new MigrationException($"Key-value migration class {type.FullName} sets NoTransaction, but each key-value migration step is one atomic transaction: remove it.")
            { File = type.FullName, Version = attribute.Version };
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new MigrationException($"Key-value migration class {type.FullName} needs a public parameterless constructor.") { File = type.FullName, Version = attribute.Version };
        var down = type.GetMethod(nameof(IKeyValueMigration.DownAsync), [typeof(KeyValueMigrationContext), typeof(CancellationToken)]);
        return new KeyValueMigrationDefinition(type, attribute, down is not null && down.DeclaringType != typeof(KeyValueMigration));
    }

    internal IKeyValueMigration CreateInstance() => (IKeyValueMigration)Activator.CreateInstance(_type)!;

    /// <inheritdoc />
    public override string ToString() => $"{Version} {Name}";

    [GeneratedRegex(@"^\d+(_\d+)*$")]
    private static partial Regex VersionPattern();
}
