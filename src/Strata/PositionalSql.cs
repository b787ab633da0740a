using System.Collections;
using System.Runtime.CompilerServices;
using Strata.Scripts;

namespace Strata;

/// <summary>
/// Turns SQL text with positional placeholders (<c>?</c> or <c>$1</c>, see <see cref="PositionalTemplate"/>) and its arguments
/// into a <see cref="Sql"/> whose placeholders are parameters, so that it runs through the same pipeline as interpolated SQL:
/// a collection argument is a list inside <c>IN (?)</c> and one array parameter elsewhere, as a collection hole is, and the dialect
/// writes its own placeholders.
/// </summary>
/// <remarks>
/// Templates are cached by text in a fixed table of slots (the last text that hashed to each), so a statement run again is not
/// read again and its text parts are the same strings, which lets the rendered command text be cached too. Thread-safe.
/// </remarks>
internal static class PositionalSql
{
    private const int SlotCount = 256;
    private const int MaxCachedLength = 16 * 1024;
    private static readonly PositionalTemplate?[] Slots = new PositionalTemplate?[SlotCount];

    /// <summary>The statement <paramref name="sql"/> with <paramref name="args"/> bound to its placeholders.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The number of arguments is not the number of placeholders, a placeholder is malformed, or an argument is a <see cref="Sql"/> fragment.
    /// </exception>
    public static Sql Bind(string sql, SqlLexicalRules rules, IReadOnlyList<object?> args)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(args);
        var template = Get(sql, rules);
        Check(template, args);
        var texts = template.Texts;
        var slots = template.Slots;
        // Each argument is read once, even when $n takes it more than once (a collection may be enumerable only once).
        var values = new SqlPart[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (args[i] is Sql)
            {
                throw new ArgumentException(
                    $"Argument {i + 1} is a Sql fragment, but positional arguments are values. Build the statement with the interpolated API ($\"…{{fragment}}…\") to compose SQL.",
                    nameof(args));
            }
            values[i] = Value(args[i]);
        }
        var parts = new List<SqlPart>(slots.Length * 2 + 1);
        for (var i = 0; i < slots.Length; i++)
        {
            if (texts[i].Length > 0) parts.Add(new SqlPart(SqlPartKind.Text, texts[i], null));
            parts.Add(values[slots[i]]);
        }
        if (texts[^1].Length > 0) parts.Add(new SqlPart(SqlPartKind.Text, texts[^1], null));
        return Sql.FromParts(parts);
    }

    /// <summary>The template of <paramref name="sql"/>, from the cache when it was read before.</summary>
    internal static PositionalTemplate Get(string sql, SqlLexicalRules rules)
    {
        if (sql.Length > MaxCachedLength) return PositionalTemplate.Parse(sql, rules);
        var hash = HashCode.Combine(string.GetHashCode(sql, StringComparison.Ordinal), RuntimeHelpers.GetHashCode(rules));
        ref var slot = ref Slots[hash & (SlotCount - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Hash == hash && ReferenceEquals(entry.Rules, rules) && string.Equals(entry.Source, sql, StringComparison.Ordinal))
            return entry;
        var parsed = PositionalTemplate.Parse(sql, rules, hash);
        Volatile.Write(ref slot, parsed);
        return parsed;
    }

    private static void Check(PositionalTemplate template, IReadOnlyList<object?> args)
    {
        if (args.Count == template.ArgumentCount) return;
        var given = args.Count == 1 ? "1 argument was given" : $"{args.Count} arguments were given";
        var message = template.Numbered
            ? $"The SQL's placeholders go up to ${template.ArgumentCount}, so it takes {template.ArgumentCount} argument{Plural(template.ArgumentCount)}, but {given}."
            : $"The SQL has {template.ArgumentCount} ? placeholder{Plural(template.ArgumentCount)} but {given}: pass one argument per ?, in order.";
        if (args is Array array && array.GetType() != typeof(object[]))
        {
            message += $" An array of {array.GetType().GetElementType()!.Name} was passed as the whole argument list; to bind it as one list " +
                "(for IN (?)), pass it inside one: new object[] { values }.";
        }
        else if (!template.Numbered && template.ArgumentCount > args.Count)
        {
            message += " A ? that is not a placeholder (PostgreSQL's jsonb operators ?, ?| and ?&) is written ??, or use $1-style placeholders, which leave ? alone.";
        }
        throw new ArgumentException(message, nameof(args));
    }

    private static string Plural(int count) => count == 1 ? "" : "s";

    /// <summary>An argument as a part: a collection (not a string or byte array) is a list, as a collection hole in interpolated SQL is.</summary>
    private static SqlPart Value(object? value)
    {
        switch (value)
        {
            case string or byte[] or System.Text.Json.Nodes.JsonNode or null:
                return new SqlPart(SqlPartKind.Parameter, null, value);
            case IEnumerable items:
                return Sql.ListPart(items);
            default:
                return new SqlPart(SqlPartKind.Parameter, null, value);
        }
    }
}
