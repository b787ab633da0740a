using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Dialects;
using Strata.Mapping;

namespace Strata.Tests;

/// <summary>Which values are JSON, how they become text and come back, and how the JSON options are checked.</summary>
public class JsonMappingTests
{
    [JsonColumn]
    public sealed record Marked(string Name);

    public sealed record Listed(int X);

    public sealed record Row(long Id, [JsonColumn] Listed Value);

    public sealed class Entity
    {
        [JsonColumn] public Listed? Value { get; set; }
        public Listed? Plain { get; set; }
    }

    [Fact]
    public void Documents_marked_types_and_listed_types_are_JSON()
    {
        var json = new JsonMapping(new JsonColumnOptions().Map<Listed>());
        Assert.True(json.IsJsonType(typeof(JsonDocument)));
        Assert.True(json.IsJsonType(typeof(JsonElement?)));
        Assert.True(json.IsJsonType(typeof(JsonArray)));
        Assert.True(json.IsJsonType(typeof(Marked)));
        Assert.True(json.IsJsonType(typeof(Listed)));
        Assert.False(JsonMapping.Default.IsJsonType(typeof(Listed)));
        Assert.False(json.IsJsonType(typeof(string)));
        Assert.False(json.IsJsonType(typeof(List<int>)));
        Assert.True(JsonMapping.IsMarked(typeof(Row).GetProperty(nameof(Row.Value))!, typeof(Row)));
        Assert.True(JsonMapping.IsMarked(typeof(Entity).GetProperty(nameof(Entity.Value))!, typeof(Entity)));
        Assert.False(JsonMapping.IsMarked(typeof(Entity).GetProperty(nameof(Entity.Plain))!, typeof(Entity)));
    }

    [Fact]
    public void Values_become_JSON_text_with_the_options_and_read_back()
    {
        var json = JsonMapping.Default;
        using var document = JsonDocument.Parse("""{"a": [1, 2]}""");
        Assert.Equal("""{"a": [1, 2]}""", json.ToText(document).Json);
        Assert.Equal("[1, 2]", json.ToText(document.RootElement.GetProperty("a")).Json);
        Assert.Equal("""{"b":true}""", json.ToText(new JsonObject { ["b"] = true }).Json);
        Assert.Equal("""{"name":"Ada"}""", json.ToText(new Marked("Ada")).Json);
        Assert.Equal("""{"x":1}""", json.ToText(Sql.Json(new Listed(1))!).Json);
        Assert.Null(Sql.Json(null));

        Assert.Equal(new Marked("Ada"), json.Read<Marked>("""{"NAME":"Ada"}"""));
        Assert.Equal(2, json.Read<JsonElement>("[1, 2]").GetArrayLength());
        Assert.Equal(2, json.Read<JsonArray>("[1, 2]").Count);
        Assert.Throws<JsonException>(() => json.Read<JsonObject>("[1, 2]"));
        // Marked also wraps one value (one constructor parameter, one property): being JSON comes first.
        Assert.Equal(new Marked("x"), new RowMapping(NamingConvention.SnakeCase, json, TypeConversions.None).Convert<Marked>(System.Text.Encoding.UTF8.GetBytes("""{"name":"x"}""")));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_when_the_database_opens()
    {
        var options = new DatabaseOptions { Url = "sqlite::memory:" };
        options.Json.Types.Add(typeof(int));
        var error = Assert.Throws<DatabaseConfigurationException>(() => options.ToConnectionSettings());
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
        options = new DatabaseOptions { Url = "sqlite::memory:", Json = null! };
        Assert.Throws<DatabaseConfigurationException>(() => options.ToConnectionSettings());
    }

    [Fact]
    public void Dialects_bind_JSON_text_as_their_JSON_type()
    {
        var command = new Npgsql.NpgsqlCommand();
        new Strata.Postgres.PostgresDialect().AddParameter(command, 0, new JsonText("{}"));
        Assert.Equal(NpgsqlTypes.NpgsqlDbType.Jsonb, command.Parameters[0].NpgsqlDbType);
        var sqlite = new Microsoft.Data.Sqlite.SqliteCommand();
        new Strata.Sqlite.SqliteDialect().AddParameter(sqlite, 0, new JsonText("{}"));
        Assert.Equal("{}", sqlite.Parameters[0].Value);
    }
}
