using System.Globalization;

namespace Strata.Sqlite;

/// <summary>
/// What .NET type a SQLite column holds, from its declared type: the names <see cref="SqliteDdlCompiler"/> writes
/// map back to the kind they came from; any other name goes by SQLite's type affinity rules.
/// </summary>
internal static class SqliteTypes
{
    /// <summary>The CLR type, length, precision and scale for the declared type <paramref name="declared"/>.</summary>
    public static (Type ClrType, int? MaxLength, int? Precision, int? Scale) Describe(string declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var text = declared.Trim().ToLowerInvariant();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = string.Join(' ', (open < 0 ? text : text[..open]).Split(SqliteLexer.Whitespace, StringSplitOptions.RemoveEmptyEntries));
        var args = open < 0 ? [] : Arguments(text[(open + 1)..]);
        int? First() => args.Length > 0 ? args[0] : null;
        int? Second() => args.Length > 1 ? args[1] : null;
        return name switch
        {
            "int" => (typeof(int), null, null, null),
            "integer" or "bigint" => (typeof(long), null, null, null),
            "smallint" => (typeof(short), null, null, null),
            "uuid" => (typeof(Guid), null, null, null),
            "varchar" => (typeof(string), First(), null, null),
            "text" or "json" => (typeof(string), null, null, null),
            "decimal" or "numeric" => (typeof(decimal), null, First(), Second()),
            "float" => (typeof(float), null, null, null),
            "double" => (typeof(double), null, null, null),
            "boolean" => (typeof(bool), null, null, null),
            "date" => (typeof(DateOnly), null, null, null),
            "time" => (typeof(TimeOnly), null, null, null),
            "datetime" or "timestamp" => (typeof(DateTime), null, null, null),
            "timestamptz" => (typeof(DateTimeOffset), null, null, null),
            "blob" => (typeof(byte[]), null, null, null),
            _ => ByAffinity(name, First(), Second()),
        };
    }

    // https://www.sqlite.org/datatype3.html, "Determination Of Column Affinity", in its order.
    private static (Type, int?, int?, int?) ByAffinity(string name, int? first, int? second)
    {
        if (name.Contains("int", StringComparison.Ordinal)) return (typeof(long), null, null, null);
        if (name.Contains("char", StringComparison.Ordinal) || name.Contains("clob", StringComparison.Ordinal) || name.Contains("text", StringComparison.Ordinal))
            return (typeof(string), first, null, null);
        if (name.Length == 0) return (typeof(object), null, null, null);
        if (name.Contains("blob", StringComparison.Ordinal)) return (typeof(byte[]), null, null, null);
        if (name.Contains("real", StringComparison.Ordinal) || name.Contains("floa", StringComparison.Ordinal) || name.Contains("doub", StringComparison.Ordinal))
            return (typeof(double), null, null, null);
        return (typeof(decimal), null, first, second);
    }

    private static int[] Arguments(string text)
    {
        var close = text.IndexOf(')', StringComparison.Ordinal);
        var inside = close < 0 ? text : text[..close];
        var result = new List<int>();
        foreach (var part in inside.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return [];
            result.Add(value);
        }
        return [.. result];
    }
}
