namespace Strata.Caching;

/// <summary>How the query cache names a table: the last part of a qualified name, without quotes, in lower case.</summary>
/// <remarks>
/// Folding case and schema can only make two tables share a name, which invalidates a little more than needed and never less.
/// </remarks>
internal static class TableNames
{
    public static string Normalize(string name)
    {
        var text = name.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t', '\n');
        if (space > 0) text = text[..space];
        var dot = text.LastIndexOf('.');
        if (dot >= 0) text = text[(dot + 1)..];
        text = text.Trim("\"`[]");
        return text.ToString().ToLowerInvariant();
    }
}
