
namespace Strata.Modules;

/// <summary>
/// A module that brings its own database files: <c>module.json</c> (name, version, the modules it depends on),
/// <c>database/schema.sql</c>, <c>database/init.sql</c> and <c>database/migrations/*.sql</c>.
/// </summary>
/// <remarks>Immutable; found by <see cref="SchemaModules.Discover"/>.</remarks>
public sealed class SchemaModule
{
    internal SchemaModule(string name, string version, IReadOnlyList<string> dependsOn, string location, SchemaModuleFile? schema, SchemaModuleFile? init,
        IReadOnlyList<MigrationDefinition> migrations)
    {
        Name = name;
        Version = version;
        DependsOn = dependsOn;
        Location = location;
        Schema = schema;
        Init = init;
        Migrations = migrations;
    }

    /// <summary>The module's name, e.g. <c>core/auth</c>.</summary>
    public string Name { get; }

    /// <summary>The version its manifest declares.</summary>
    public string Version { get; }

    /// <summary>The modules it needs to be set up first.</summary>
    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>Where it was found (its folder, or assembly and folder).</summary>
    public string Location { get; }

    /// <summary>Its tables (<c>database/schema.sql</c>), or null when it has none.</summary>
    public SchemaModuleFile? Schema { get; }

    /// <summary>Its initial data (<c>database/init.sql</c>), or null.</summary>
    public SchemaModuleFile? Init { get; }

    /// <summary>Its later changes (<c>database/migrations/*.sql</c>), ordered by version.</summary>
    public IReadOnlyList<MigrationDefinition> Migrations { get; }

    /// <summary>The checksum recorded when the module is initialized: of its schema file (or of nothing, for a module without tables).</summary>
    public string Checksum => Schema?.Checksum ?? MigrationDefinition.Hash("");

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version}";
}

/// <summary>One SQL file of a module.</summary>
/// <param name="Path">Its path or resource name.</param>
/// <param name="Text">Its text.</param>
public sealed record SchemaModuleFile(string Path, string Text)
{
    /// <summary>SHA-256 of the normalised text (as for migration files).</summary>
    public string Checksum { get; } = MigrationDefinition.Hash(MigrationDefinition.Normalize(Text));
}
