using System.Data.Common;

namespace Strata.Mapping;

/// <summary>How mapping errors name a column.</summary>
internal static class ColumnText
{
    /// <summary>
    /// <c>Column 'name' (type)</c>. A null <paramref name="column"/> (a scalar result's shared mapper) takes the name and type from
    /// <paramref name="reader"/>, the statement at hand; without one it is "the result's column".
    /// </summary>
    public static string Describe(string? column, string type, DbDataReader? reader, int ordinal, string? readAs = null)
    {
        if (column is null && reader is not null)
        {
            try
            {
                column = reader.GetName(ordinal);
                type = reader.GetDataTypeName(ordinal);
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
            {
                // The name alone, or neither: the message is still right without them.
            }
        }
        if (readAs is not null) type += ", read as " + readAs;
        return column is null ? "The result's column" : $"Column '{column}' ({type})";
    }
}
