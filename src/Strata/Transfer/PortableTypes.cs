using System.Text.RegularExpressions;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>
/// Turns an introspected column into the portable <see cref="ColumnType"/> an archive carries. It works from the
/// .NET type each provider's introspector reports (already normalised per database) and the database's type name
/// for what the .NET type does not tell (text length, JSON, enum values, time zone).
/// </summary>
internal static partial class PortableTypes
{
    public static ColumnType From(TableSchema table, ColumnSchema column, bool isSoleKey)
    {
        var name = column.DatabaseType.ToLowerInvariant();
        var clr = column.ClrType;
        if (column.IsAutoIncrement && isSoleKey && (clr == typeof(int) || clr == typeof(long) || clr == typeof(short)))
            return clr == typeof(long) ? ColumnType.BigIncrements : ColumnType.Increments;
        if (clr == typeof(int)) return ColumnType.Integer;
        if (clr == typeof(long)) return ColumnType.BigInteger;
        if (clr == typeof(short) || clr == typeof(byte) || clr == typeof(sbyte)) return ColumnType.SmallInteger;
        if (clr == typeof(bool)) return ColumnType.Boolean;
        if (clr == typeof(float)) return ColumnType.Float;
        if (clr == typeof(double)) return ColumnType.Double;
        if (clr == typeof(Guid)) return ColumnType.Uuid;
        if (clr == typeof(DateOnly)) return ColumnType.Date;
        if (clr == typeof(TimeOnly)) return ColumnType.Time;
        if (clr == typeof(DateTimeOffset)) return ColumnType.Timestamp(withTimeZone: true);
        if (clr == typeof(DateTime)) return name.StartsWith("timestamp", StringComparison.Ordinal) ? ColumnType.Timestamp(withTimeZone: false) : ColumnType.DateTime;
        if (clr == typeof(byte[])) return ColumnType.Binary;
        if (clr == typeof(decimal))
        {
            if (column.Precision is { } precision and >= 1 and <= 38 && column.Scale is { } scale && scale >= 0 && scale <= precision)
                return ColumnType.Decimal(precision, scale);
            throw Refuse(table, column, "a decimal without a precision and scale between 1 and 38 (give the column an explicit precision, e.g. numeric(20,6))");
        }
        if (clr == typeof(string))
        {
            if (name.Contains("json", StringComparison.Ordinal)) return ColumnType.Json;
            if (name.StartsWith("enum(", StringComparison.Ordinal))
                return ColumnType.Enum(EnumValue().Matches(column.DatabaseType).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)));
            if (column.MaxLength is { } length and >= 1 and <= 16_383 && (name.StartsWith("varchar", StringComparison.Ordinal) || name.StartsWith("character varying", StringComparison.Ordinal)
                || name.StartsWith("char", StringComparison.Ordinal) || name.StartsWith("nvarchar", StringComparison.Ordinal)))
                return ColumnType.String(length);
            return ColumnType.Text;
        }
        throw Refuse(table, column, "a type with no portable form");
    }

    private static NotSupportedException Refuse(TableSchema table, ColumnSchema column, string why) =>
        new($"Column '{column.Name}' of table '{table.Name}' has the type {column.DatabaseType}, {why}; it cannot be carried between databases. " +
            "Change the column's type, or leave the table out of the dump (DumpOptions.ExcludeTables).");

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex EnumValue();
}
