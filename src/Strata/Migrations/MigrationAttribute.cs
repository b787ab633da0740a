namespace Strata;

/// <summary>Marks an <see cref="IMigration"/> class with its version and name: <c>[Migration("20250103_001", "Create users table")]</c>.</summary>
/// <param name="version">Digits, optionally in underscore-separated groups; compared as numbers, group by group.</param>
/// <param name="name">A short description shown in status and logs.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MigrationAttribute(string version, string name) : Attribute
{
    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>The description.</summary>
    public string Name { get; } = name;

    /// <summary>Run without a transaction (for statements such as <c>CREATE INDEX CONCURRENTLY</c>); see <see cref="MigrationDefinition.NoTransaction"/>.</summary>
    public bool NoTransaction { get; init; }

    /// <summary>The migration cannot be rolled back; <c>DownAsync</c> refuses to try.</summary>
    public bool Irreversible { get; init; }
}
