using System.Collections.Concurrent;

namespace Strata.Query;

/// <summary>
/// A table as a query names it in FROM or JOIN: <c>users</c>, <c>app.users</c>, <c>users AS u</c> or <c>users u</c>.
/// </summary>
/// <param name="Table">The table, optionally schema-qualified.</param>
/// <param name="Alias">The name the query reads it by, or null.</param>
internal readonly record struct TableReference(string Table, string? Alias)
{
    // Parsed names are kept so that one text yields the same string objects on every build: the query shape cache
    // compares names by reference. Bounded, since names built at run time would otherwise grow it without end.
    private const int MaxCached = 1024;
    private static readonly ConcurrentDictionary<string, TableReference> Parsed = new(StringComparer.Ordinal);

    /// <summary>The name the query's columns are qualified with: the alias when there is one, else the table.</summary>
    public string Qualifier => Alias ?? Table;

    /// <summary>Parses <paramref name="text"/>, validating the table and the alias.</summary>
    /// <exception cref="ArgumentException">An invalid table or alias, or text that is not <c>table [AS] alias</c>.</exception>
    public static TableReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Parsed.TryGetValue(text, out var known)) return known;
        var parsed = ParseNew(text);
        if (Parsed.Count < MaxCached) Parsed.TryAdd(text, parsed);
        return parsed;
    }

    /// <summary>The table <paramref name="table"/> read by <paramref name="alias"/> (null for none).</summary>
    /// <exception cref="ArgumentException">An invalid table or alias, or a table text that already has an alias.</exception>
    public static TableReference Parse(string table, string? alias)
    {
        var reference = Parse(table);
        if (alias is null) return reference;
        if (reference.Alias is not null)
            throw new ArgumentException($"'{table}' already names its alias; give the alias once, either in the text ('users AS u') or as the alias argument.", nameof(alias));
        return reference with { Alias = SqlQuery.Alias(alias) };
    }

    private static TableReference ParseNew(string text)
    {
        // The text itself (not a copy) when there is no alias, so names written in code stay the interned literal.
        if (!text.Contains(' ', StringComparison.Ordinal)) return new TableReference(SqlQuery.Table(text), null);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (table, alias) = parts.Length switch
        {
            1 => (parts[0], null),
            2 when !parts[1].Equals("as", StringComparison.OrdinalIgnoreCase) => (parts[0], parts[1]),
            3 when parts[1].Equals("as", StringComparison.OrdinalIgnoreCase) => (parts[0], parts[2]),
            _ => throw new ArgumentException(
                $"'{Shown(text)}' is not a table: write the table, optionally schema-qualified, and an optional alias ('app.users', 'users AS u').", nameof(text)),
        };
        return new TableReference(SqlQuery.Table(table), alias is null ? null : SqlQuery.Alias(alias));
    }

    private static string Shown(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
