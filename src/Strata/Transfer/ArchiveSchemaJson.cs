using System.Text.Json;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>Writes an archive's table descriptions as JSON and reads them back, refusing what this version cannot read.</summary>
internal static class ArchiveSchemaJson
{
    public static void Write(Utf8JsonWriter w, ArchiveTable table)
    {
        w.WriteStartObject();
        w.WriteString("name", table.Name);
        w.WriteStartArray("columns");
        foreach (var column in table.Columns)
        {
            w.WriteStartObject();
            w.WriteString("name", column.Name);
            w.WriteString("kind", column.Type.Kind.ToString());
            if (column.Type.Length is { } length) w.WriteNumber("length", length);
            if (column.Type.Precision is { } precision) w.WriteNumber("precision", precision);
            if (column.Type.Scale is { } scale) w.WriteNumber("scale", scale);
            if (column.Type.Kind == ColumnKind.Timestamp) w.WriteBoolean("withTimeZone", column.Type.WithTimeZone);
            if (!column.Type.Values.IsEmpty) Strings(w, "values", column.Type.Values);
            w.WriteBoolean("nullable", column.IsNullable);
            column.Default?.Write(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "primaryKey", table.PrimaryKey);
        w.WriteStartArray("unique");
        foreach (var unique in table.Uniques)
        {
            w.WriteStartObject();
            if (unique.Name is not null) w.WriteString("name", unique.Name);
            Strings(w, "columns", unique.Columns);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("indexes");
        foreach (var index in table.Indexes)
        {
            w.WriteStartObject();
            w.WriteString("name", index.Name);
            Strings(w, "columns", index.Columns);
            w.WriteBoolean("unique", index.IsUnique);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("foreignKeys");
        foreach (var key in table.ForeignKeys)
        {
            w.WriteStartObject();
            if (key.Name is not null) w.WriteString("name", key.Name);
            Strings(w, "columns", key.Columns);
            w.WriteString("references", key.ReferencedTable);
            Strings(w, "referencedColumns", key.ReferencedColumns);
            w.WriteString("onDelete", key.OnDelete.ToString());
            w.WriteString("onUpdate", key.OnUpdate.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static ArchiveTable Read(JsonElement e)
    {
        var name = e.GetProperty("name").GetString()!;
        var columns = e.GetProperty("columns").EnumerateArray().Select(c =>
        {
            var type = Type(c, name);
            return new ArchiveColumn(c.GetProperty("name").GetString()!, type, c.GetProperty("nullable").GetBoolean(), ArchiveDefault.Read(c, type));
        }).ToList();
        var uniques = e.GetProperty("unique").EnumerateArray().Select(u => new UniqueConstraintSchema(OptionalString(u, "name"), Strings(u, "columns"))).ToList();
        var indexes = e.GetProperty("indexes").EnumerateArray().Select(i => new IndexSchema(
            i.GetProperty("name").GetString()!, Strings(i, "columns"), i.GetProperty("unique").GetBoolean())).ToList();
        var keys = e.GetProperty("foreignKeys").EnumerateArray().Select(k => new ForeignKeySchema(
            OptionalString(k, "name"), Strings(k, "columns"), k.GetProperty("references").GetString()!, Strings(k, "referencedColumns"),
            Action(k, "onDelete", name), Action(k, "onUpdate", name))).ToList();
        return new ArchiveTable(name, columns, Strings(e, "primaryKey"), uniques, indexes, keys);
    }

    private static ColumnType Type(JsonElement c, string table)
    {
        var kindName = c.GetProperty("kind").GetString();
        if (!Enum.TryParse<ColumnKind>(kindName, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            throw new ArchiveCorruptedException($"The archive gives a column of table '{table}' the kind '{kindName}', which this version of Strata does not know; restore it with the Strata version that wrote it or a newer one.");
        return kind switch
        {
            ColumnKind.Increments => ColumnType.Increments,
            ColumnKind.BigIncrements => ColumnType.BigIncrements,
            ColumnKind.Uuid => ColumnType.Uuid,
            ColumnKind.String => ColumnType.String(c.GetProperty("length").GetInt32()),
            ColumnKind.Text => ColumnType.Text,
            ColumnKind.Integer => ColumnType.Integer,
            ColumnKind.BigInteger => ColumnType.BigInteger,
            ColumnKind.SmallInteger => ColumnType.SmallInteger,
            ColumnKind.Decimal => ColumnType.Decimal(c.GetProperty("precision").GetInt32(), c.GetProperty("scale").GetInt32()),
            ColumnKind.Float => ColumnType.Float,
            ColumnKind.Double => ColumnType.Double,
            ColumnKind.Boolean => ColumnType.Boolean,
            ColumnKind.Date => ColumnType.Date,
            ColumnKind.Time => ColumnType.Time,
            ColumnKind.DateTime => ColumnType.DateTime,
            ColumnKind.Timestamp => ColumnType.Timestamp(c.GetProperty("withTimeZone").GetBoolean()),
            ColumnKind.Json => ColumnType.Json,
            ColumnKind.Binary => ColumnType.Binary,
            _ => ColumnType.Enum(Strings(c, "values")),
        };
    }

    private static ReferentialAction Action(JsonElement e, string member, string table)
    {
        var text = e.GetProperty(member).GetString();
        return Enum.TryParse<ReferentialAction>(text, ignoreCase: false, out var action) && Enum.IsDefined(action)
            ? action
            : throw new ArchiveCorruptedException($"The archive gives a foreign key of table '{table}' the {member} action '{text}', which this version of Strata does not know.");
    }

    private static string? OptionalString(JsonElement e, string member) =>
        e.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement e, string member) => e.GetProperty(member).EnumerateArray().Select(v => v.GetString()!).ToList();

    private static void Strings(Utf8JsonWriter w, string member, IEnumerable<string> values)
    {
        w.WriteStartArray(member);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
