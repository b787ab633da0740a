using System.Text.RegularExpressions;

namespace Strata;

/// <summary>
/// The parts of a SQL migration file name: <c>{version}_{name}.sql</c> (both sections in one file) or
/// <c>{version}_{name}.up.sql</c> / <c>{version}_{name}.down.sql</c> (a pair). The version is digits, optionally in
/// underscore-separated groups (<c>001</c>, <c>20250103143000</c>, <c>20250103_001</c>); the name starts with a letter.
/// A database tag before <c>.sql</c> (<c>001_name.postgres.sql</c>, <c>001_name.up.mysql.sql</c>) makes the file that
/// database's variant of the migration (see <see cref="Dialects.SqlDialect.ScriptVariantTags"/>).
/// </summary>
/// <param name="Version">The version, e.g. <c>20250103_001</c>.</param>
/// <param name="Name">The name, e.g. <c>create_users</c>.</param>
/// <param name="Part">Which section(s) the file holds.</param>
public sealed partial record MigrationFileName(string Version, string Name, MigrationFilePart Part)
{
    /// <summary>What a migration file name looks like, for error messages.</summary>
    public const string Expected = "{version}_{name}.sql or {version}_{name}.up.sql / .down.sql, where the version is digits (001, 20250103143000, 20250103_001) and the name starts with a letter " +
        "(a database's variant adds its tag: {version}_{name}.postgres.sql)";

    /// <summary>The database tag of a per-database variant (<c>postgres</c> in <c>001_name.postgres.sql</c>), lower case; null for the file every database uses.</summary>
    public string? Tag { get; init; }

    /// <summary>Reads a file name, or returns null when it is not a migration file name.</summary>
    /// <param name="fileName">The file name without its folder.</param>
    public static MigrationFileName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var match = Pattern().Match(fileName);
        if (!match.Success) return null;
        var part = match.Groups["part"].Value.ToLowerInvariant() switch
        {
            "up" => MigrationFilePart.Up,
            "down" => MigrationFilePart.Down,
            _ => MigrationFilePart.Both,
        };
        var tag = match.Groups["tag"];
        return new MigrationFileName(match.Groups["version"].Value, match.Groups["name"].Value, part) { Tag = tag.Success ? tag.Value.ToLowerInvariant() : null };
    }

    [GeneratedRegex(@"^(?<version>\d+(?:_\d+)*)_(?<name>[A-Za-z][A-Za-z0-9_\-]*?)(?:\.(?<part>up|down))?(?:\.(?<tag>[A-Za-z][A-Za-z0-9]*))?\.sql$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Which sections a migration file holds.</summary>
public enum MigrationFilePart
{
    /// <summary>Both, behind <c>-- UP</c> and <c>-- DOWN</c> lines.</summary>
    Both,

    /// <summary>Only the up step (a <c>.up.sql</c> file).</summary>
    Up,

    /// <summary>Only the down step (a <c>.down.sql</c> file).</summary>
    Down,
}
