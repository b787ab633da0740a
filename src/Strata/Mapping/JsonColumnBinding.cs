using System.Data.Common;

namespace Strata.Mapping;

/// <summary>Where one JSON column goes: its ordinal, the target member and the database's JSON settings it is read with.</summary>
internal sealed class JsonColumnBinding(int ordinal, string column, string databaseType, Type targetType, string target, JsonMapping json)
{
    public int Ordinal { get; } = ordinal;

    public JsonMapping Json { get; } = json;

    /// <summary>The column's JSON text, however the driver hands it out (text, bytes, or a document).</summary>
    public string Text(DbDataReader reader) => reader.GetFieldType(Ordinal) == typeof(string) ? reader.GetString(Ordinal) : JsonMapping.TextOf(reader.GetValue(Ordinal));

    public Exception NullError() => new MappingException(
        $"Column '{column}' ({databaseType}) is NULL but {target} is a non-nullable {targetType.Name}. Make the member nullable or filter out the NULL rows.");

    public Exception ConversionError(Exception inner) => new MappingException(
        $"Column '{column}' ({databaseType}) cannot be read as JSON into {target} ({targetType.Name}): {inner.Message}", inner);
}
