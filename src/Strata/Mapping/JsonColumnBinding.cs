using System.Data.Common;

namespace Strata.Mapping;

/// <summary>Where one JSON column goes: its ordinal, the target member and the database's JSON settings it is read with.</summary>
internal sealed class JsonColumnBinding(int ordinal, string? column, string databaseType, Type targetType, string target, JsonMapping json)
{
    public int Ordinal { get; } = ordinal;

    public JsonMapping Json { get; } = json;

    /// <summary>The column's JSON text, however the driver hands it out (text, bytes, or a document).</summary>
    public string Text(DbDataReader reader) => reader.GetFieldType(Ordinal) == typeof(string) ? reader.GetString(Ordinal) : JsonMapping.TextOf(reader.GetValue(Ordinal));

    public Exception NullError(DbDataReader? reader = null) => new MappingException(
        $"{ColumnText.Describe(column, databaseType, reader, Ordinal)} is NULL but {target} is a non-nullable {targetType.Name}. Make the member nullable or filter out the NULL rows.");

    /// <summary>The mapping error for a read that failed; System.Text.Json's own message is left out, since it may quote the column's text.</summary>
    public Exception ConversionError(Exception inner, DbDataReader? reader = null) => new MappingException(
        $"{ColumnText.Describe(column, databaseType, reader, Ordinal)} cannot be read as JSON into {target} ({targetType.Name}): " + (inner is System.Text.Json.JsonException json
            ? $"the text is not valid JSON for that type (at {json.Path ?? "$"}, line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}). " +
              "Check what the column holds, or read it as a string."
            : inner.Message), inner);
}
