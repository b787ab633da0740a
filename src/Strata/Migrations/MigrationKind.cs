namespace Strata;

/// <summary>Where a migration comes from.</summary>
public enum MigrationKind
{
    /// <summary>A C# class implementing <see cref="IMigration"/>.</summary>
    Code,

    /// <summary>A SQL file (or embedded resource).</summary>
    Sql,
}
