
namespace Strata.Modules;

/// <summary>
/// A module that brings its own database files: <c>database/schema.sql</c>, <c>database/init.sql</c> and
/// <c>database/migrations/*.sql</c>, with an optional <c>module.json</c> beside the database folder (name, version, the
/// modules it depends on). Each SQL file may have per-database variants (<c>schema.postgres.sql</c>), chosen when present.
/// </summary>
/// <remarks>Immutable; found by <see cref="SchemaModules.Discover"/>.</remarks>
public sealed class SchemaModule
{
    internal SchemaModule(string name, string? manifestVersion, IReadOnlyList<string> dependsOn, string location, SchemaModuleFile? schema, SchemaModuleFile? init,
        IReadOnlyList<MigrationDefinition> migrations)
    {
        Name = name;
        ManifestVersion = manifestVersion;
        Version = manifestVersion ?? (migrations.Count > 0 ? migrations[^1].Version : "0");
        DependsOn = dependsOn;
        Location = location;
        Schema = schema;
        Init = init;
        Migrations = migrations;
    }

    /// <summary>The module's name, e.g. <c>core/auth</c>: its manifest's <c>name</c>, or its folder's path under the modules folder.</summary>
    public string Name { get; }

    /// <summary>
    /// The version its manifest declares, or, without one, the version of its newest migration (<c>"0"</c> when it has none).
    /// Recorded in the versions table once the module is set up and its migrations are applied.
    /// </summary>
    public string Version { get; }

    /// <summary>The version its manifest declares, or null.</summary>
    internal string? ManifestVersion { get; }

    /// <summary>The modules it needs to be set up first.</summary>
    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>Where it was found (its folder, or assembly and folder).</summary>
    public string Location { get; }

    /// <summary>Its tables (<c>database/schema.sql</c>, or this database's variant of it), or null when it has none.</summary>
    public SchemaModuleFile? Schema { get; }

    /// <summary>Its initial data (<c>database/init.sql</c>, or this database's variant of it), or null.</summary>
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
