using System.Globalization;
using System.Text;
using Strata.Schema.Introspection;

namespace Strata.MySql;

/// <summary>
/// Turns a row of information_schema.COLUMNS into a <see cref="ColumnSchema"/>: the .NET type MySqlConnector reads
/// the column as, and the default as the literal <see cref="MySqlDdlCompiler.Literal"/> writes.
/// </summary>
internal static class MySqlColumnReader
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The column; <paramref name="isJson"/> marks a MariaDB JSON column (LONGTEXT with its json_valid check).</summary>
    public static ColumnSchema Read(MySqlColumnRow row, bool mariaDb, bool isJson)
    {
        var columnType = isJson ? "json" : row.ColumnType.ToLowerInvariant();
        var dataType = isJson ? "json" : row.DataType.ToLowerInvariant();
        var clrType = ClrType(dataType, columnType);
        var autoIncrement = row.Extra?.Contains("auto_increment", StringComparison.OrdinalIgnoreCase) == true;
        int? maxLength = dataType is "char" or "varchar" or "binary" or "varbinary" && row.CharacterMaximumLength is { } length ? checked((int)length) : null;
        var isDecimal = dataType is "decimal" or "numeric";
        return new ColumnSchema(
            row.ColumnName,
            columnType,
            clrType,
            string.Equals(row.IsNullable, "YES", StringComparison.OrdinalIgnoreCase),
            autoIncrement ? null : Default(row, mariaDb, clrType),
            autoIncrement,
            maxLength,
            isDecimal ? (int?)row.NumericPrecision : null,
            isDecimal ? (int?)row.NumericScale : null);
    }

    /// <summary>The .NET type MySqlConnector reads a column of this type as (TINYINT(1) as bool, CHAR(36) as Guid).</summary>
    public static Type ClrType(string dataType, string columnType)
    {
        var unsigned = columnType.Contains("unsigned", StringComparison.Ordinal);
        return dataType switch
        {
            "tinyint" when columnType.StartsWith("tinyint(1)", StringComparison.Ordinal) => typeof(bool),
            "smallint" => unsigned ? typeof(int) : typeof(short),
            "mediumint" or "year" => typeof(int),
            "int" or "integer" => unsigned ? typeof(long) : typeof(int),
            "tinyint" or "bigint" or "bit" => typeof(long),
            "decimal" or "numeric" => typeof(decimal),
            "float" => typeof(float),
            "double" or "real" => typeof(double),
            "char" when columnType == "char(36)" => typeof(Guid),
            "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "enum" or "set" or "json" => typeof(string),
            "date" => typeof(DateOnly),
            "time" => typeof(TimeOnly),
            "datetime" or "timestamp" => typeof(DateTime),
            "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => typeof(byte[]),
            _ => typeof(object),
        };
    }

    /// <summary>
    /// The default as SQL text. MariaDB reports defaults as SQL (strings quoted with backslash escapes whatever the
    /// sql_mode, <c>NULL</c> for none); MySQL reports a literal's bare value and marks expressions DEFAULT_GENERATED.
    /// Literals are rewritten the way <see cref="MySqlDdlCompiler.Instance"/> writes them; expressions stay as reported.
    /// </summary>
    private static string? Default(MySqlColumnRow row, bool mariaDb, Type clrType)
    {
        var raw = row.ColumnDefault;
        if (raw is null) return null;
        if (mariaDb)
        {
            if (raw == "NULL") return null;
            if (raw.StartsWith('\'')) return Unquote(raw) is { } text ? StringOr(text, raw) : raw;
            if (raw.Length >= 3 && raw.StartsWith("X'", StringComparison.OrdinalIgnoreCase) && raw.EndsWith('\''))
                return "X'" + raw[2..^1].ToUpperInvariant() + "'";
            return Number(raw, clrType) ?? raw;
        }
        if (row.Extra?.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase) == true) return raw;
        if (row.DataType.Equals("bit", StringComparison.OrdinalIgnoreCase)) return raw;
        return Number(raw, clrType) ?? StringOr(raw, raw);
    }

    /// <summary>A number written as the compiler writes its type, or null when the text is not one.</summary>
    private static string? Number(string raw, Type clrType)
    {
        var compiler = MySqlDdlCompiler.Instance;
        if (clrType == typeof(float) && float.TryParse(raw, NumberStyles.Float, Invariant, out var f)) return compiler.Literal(f);
        if (clrType == typeof(double) && double.TryParse(raw, NumberStyles.Float, Invariant, out var d)) return compiler.Literal(d);
        if (clrType == typeof(decimal) && decimal.TryParse(raw, NumberStyles.Float, Invariant, out var m)) return compiler.Literal(m);
        if ((clrType == typeof(int) || clrType == typeof(long) || clrType == typeof(short) || clrType == typeof(bool))
            && long.TryParse(raw, NumberStyles.AllowLeadingSign, Invariant, out var n)) return compiler.Literal(n);
        return null;
    }

    /// <summary>The text as the compiler quotes it; <paramref name="fallback"/> when it cannot be written (a NUL character).</summary>
    private static string StringOr(string text, string fallback)
    {
        try
        {
            return MySqlDdlCompiler.Instance.Literal(text);
        }
        catch (ArgumentException)
        {
            return fallback;
        }
    }

    /// <summary>
    /// The value of one single-quoted MariaDB literal (<c>''</c> and backslash escapes), or null when the text is not
    /// exactly one literal (an expression that starts with one).
    /// </summary>
    private static string? Unquote(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        var i = 1;
        while (i < quoted.Length)
        {
            var c = quoted[i];
            if (c == '\\' && i + 1 < quoted.Length)
            {
                var next = quoted[i + 1];
                text.Append(next switch
                {
                    '0' => "\0",
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    'b' => "\b",
                    'Z' => "\u001A",
                    // The server keeps the backslash of \% and \_ (they matter to LIKE).
                    '%' or '_' => "\\" + next,
                    _ => next.ToString(),
                });
                i += 2;
            }
            else if (c == '\'')
            {
                if (i + 1 < quoted.Length && quoted[i + 1] == '\'')
                {
                    text.Append('\'');
                    i += 2;
                }
                else
                {
                    return i == quoted.Length - 1 ? text.ToString() : null;
                }
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return null;
    }
}
