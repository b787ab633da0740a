using System.Collections.Immutable;

namespace Strata.Schema;

/// <summary>Validation shared by the schema builders, with messages that say what to write instead.</summary>
internal static class SchemaNames
{
    /// <summary>A name without dots (column, constraint, index).</summary>
    public static string Simple(string name, string what)
    {
        SqlIdentifier.Validate(name);
        if (name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a valid {what} name: it must not contain dots.", nameof(name));
        return name;
    }

    /// <summary>A non-empty list of distinct column names.</summary>
    public static ImmutableArray<string> Columns(IReadOnlyCollection<string> columns, string what)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException($"{what} needs at least one column.", nameof(columns));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            Simple(column, "column");
            if (!seen.Add(column)) throw new ArgumentException($"{what} lists the column '{column}' twice.", nameof(columns));
        }
        return [.. columns];
    }

    public static ReferentialAction Defined(ReferentialAction action) => Enum.IsDefined(action)
        ? action
        : throw new ArgumentOutOfRangeException(nameof(action), action, "Not a ReferentialAction value.");
}
