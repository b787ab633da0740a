using System.Text.RegularExpressions;

namespace Strata;

/// <summary>
/// The sections of a SQL migration file: the SQL after a <c>-- UP</c> line, the SQL after a <c>-- DOWN</c> line, and
/// the directives in comment lines before them (<c>-- strata:no-transaction</c>, <c>-- strata:irreversible</c>). A file
/// without either line is plain SQL: all of it is the up step, and it cannot be rolled back (<see cref="Plain"/>).
/// </summary>
/// <param name="Up">The up step's SQL, or null for a <c>.down.sql</c> file.</param>
/// <param name="UpLine">The file line the up SQL starts on.</param>
/// <param name="Down">The down step's SQL, or null when the file has none.</param>
/// <param name="DownLine">The file line the down SQL starts on.</param>
/// <param name="NoTransaction">The migration opts out of running in a transaction.</param>
/// <param name="Irreversible">The migration declares it cannot be rolled back.</param>
public sealed partial record SqlMigrationText(string? Up, int UpLine, string? Down, int DownLine, bool NoTransaction, bool Irreversible)
{
    /// <summary>
    /// True for a plain SQL file, without <c>-- UP</c> and <c>-- DOWN</c> lines: its whole text is the up step, and it is
    /// up-only (<see cref="Irreversible"/>), so rolling back past it is refused.
    /// </summary>
    public bool Plain { get; init; }

    /// <summary>Splits a migration file into its sections, checking their order; a file without section lines is one plain up step.</summary>
    /// <param name="file">The file's path or resource name, for messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="part">Which sections the file name says it holds.</param>
    /// <exception cref="MigrationException">The file is empty, has a marker out of place, SQL before the first marker, an empty section or an unknown directive; the message names the file and line.</exception>
    public static SqlMigrationText Parse(string file, string text, MigrationFilePart part = MigrationFilePart.Both)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.All(l => string.IsNullOrWhiteSpace(l) || l.TrimStart().StartsWith("--", StringComparison.Ordinal)) && !lines.Any(IsMarker))
            throw Error(file, 1, part == MigrationFilePart.Both
                ? "is empty: write the migration's SQL after a '-- UP' line, and how to undo it after a '-- DOWN' line"
                : "is empty: write the SQL of this step into it");
        if (part != MigrationFilePart.Both) return Whole(file, lines, part);
        if (!lines.Any(IsMarker)) return PlainText(file, lines);

        int? upAt = null, downAt = null;
        bool noTransaction = false, irreversible = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (Marker().Match(line) is { Success: true } marker)
            {
                var isUp = marker.Groups[1].Value.Equals("UP", StringComparison.OrdinalIgnoreCase);
                if (isUp && upAt is not null) throw Error(file, number, $"has a second '-- UP' line (the first is line {upAt + 1})");
                if (!isUp && downAt is not null) throw Error(file, number, $"has a second '-- DOWN' line (the first is line {downAt + 1})");
                if (!isUp && upAt is null) throw Error(file, number, "has '-- DOWN' before '-- UP': put the up section first, then '-- DOWN' and the SQL that undoes it");
                if (isUp && downAt is not null) throw Error(file, number, "has '-- UP' after '-- DOWN': put the up section first");
                if (isUp) upAt = i;
                else downAt = i;
                continue;
            }
            if (upAt is not null) continue;
            if (Directive().Match(line) is { Success: true } directive)
            {
                switch (directive.Groups[1].Value.ToLowerInvariant())
                {
                    case "no-transaction": noTransaction = true; break;
                    case "irreversible": irreversible = true; break;
                    default: throw Error(file, number, $"has the unknown directive '{directive.Groups[1].Value}': the directives are '-- strata:no-transaction' and '-- strata:irreversible'");
                }
                continue;
            }
            if (!string.IsNullOrWhiteSpace(line) && !line.TrimStart().StartsWith("--", StringComparison.Ordinal))
                throw Error(file, number, "has SQL before its '-- UP' line: everything but comments belongs after '-- UP' (or '-- DOWN')");
        }
        if (upAt is null)
            throw Error(file, 1, "has no '-- UP' line: put '-- UP' on a line of its own before the migration's SQL (and '-- DOWN' before the SQL that undoes it)");

        // An empty section is a step that does nothing (a freshly created file); no '-- DOWN' line means no down step.
        var up = Section(lines, upAt.Value + 1, downAt ?? lines.Length);
        string? down = null;
        if (downAt is { } d)
        {
            down = Section(lines, d + 1, lines.Length);
            if (irreversible) throw Error(file, d + 1, "declares '-- strata:irreversible' but has a '-- DOWN' section: keep one of the two");
        }
        return new SqlMigrationText(up, upAt.Value + 2, down, (downAt ?? 0) + 2, noTransaction, irreversible);
    }

    private static SqlMigrationText Whole(string file, string[] lines, MigrationFilePart part)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsMarker(lines[i])) throw Error(file, i + 1, $"is a .{part.ToString().ToLowerInvariant()}.sql file, which holds one step: remove the '{lines[i].Trim()}' line");
        }
        var text = string.Join('\n', lines);
        return part == MigrationFilePart.Up
            ? new SqlMigrationText(text, 1, null, 0, false, false)
            : new SqlMigrationText(null, 0, text, 1, false, false);
    }

    /// <summary>A file without section lines: its directives come from the comment lines before its first SQL, and all of it runs up.</summary>
    private static SqlMigrationText PlainText(string file, string[] lines)
    {
        bool noTransaction = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Directive().Match(line) is { Success: true } directive)
            {
                switch (directive.Groups[1].Value.ToLowerInvariant())
                {
                    case "no-transaction": noTransaction = true; break;
                    case "irreversible": break;
                    default: throw Error(file, i + 1, $"has the unknown directive '{directive.Groups[1].Value}': the directives are '-- strata:no-transaction' and '-- strata:irreversible'");
                }
                continue;
            }
            if (!string.IsNullOrWhiteSpace(line) && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)) break;
        }
        return new SqlMigrationText(string.Join('\n', lines), 1, null, 0, noTransaction, Irreversible: true) { Plain = true };
    }

    private static string Section(string[] lines, int from, int to) => string.Join('\n', lines[from..to]);

    private static bool IsMarker(string line) => Marker().IsMatch(line);

    private static MigrationException Error(string file, int line, string what) =>
        new($"Migration file '{file}' {what} (line {line}).") { File = file, Line = line };

    [GeneratedRegex(@"^\s*--\s*(UP|DOWN)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\s*--\s*strata:\s*(\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
