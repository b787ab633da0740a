using System.ComponentModel.DataAnnotations.Schema;
using System.Text.Json;
using System.Text.Json.Serialization;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Query;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>Golden SQL for JSON paths (WhereJson, SelectJson, lambdas over JSON members) and JSON document comparisons, per dialect.</summary>
public class JsonQueryTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();
    private static readonly SqlDialect MariaDb = new MariaDbDialect();

    private static SqlQuery People => new("people");

    private static void Golden(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mariadb, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MariaDb, mariadb) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(values, rendered.Values);
        }
    }

    [Fact]
    public void WhereJson_reads_the_path_each_dialects_way_and_casts_for_numbers_and_booleans()
    {
        var query = People.WhereJson("meta", "address.city", "=", "Paris").WhereJson("meta", "$.age", ">=", 30).WhereJson("meta", "vip", true);
        Golden(d => query.ToSql(d),
            "SELECT * FROM \"people\" WHERE json_extract(\"meta\", '$.\"address\".\"city\"') = @p0 AND json_extract(\"meta\", '$.\"age\"') >= @p1 AND json_extract(\"meta\", '$.\"vip\"') = @p2",
            "SELECT * FROM \"people\" WHERE \"meta\"->'address'->>'city' = $1 AND CAST(\"meta\"->>'age' AS numeric) >= $2 AND CAST(\"meta\"->>'vip' AS boolean) = $3",
            "SELECT * FROM `people` WHERE JSON_VALUE(`meta`, '$.\"address\".\"city\"') = @p0 AND JSON_VALUE(`meta`, '$.\"age\"') >= @p1 AND (JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"vip\"')) = 'true') = @p2",
            "Paris", 30, true);
    }

    [Fact]
    public void WhereJson_with_null_tests_for_a_missing_value_and_indexes_are_path_steps()
    {
        var query = People.WhereJson("meta", "tags[0]", null).OrWhereJson("meta", "lines[2].sku", "<>", null).WhereJson("meta", "name", "like", "A%");
        Golden(d => query.ToSql(d),
            "SELECT * FROM \"people\" WHERE json_extract(\"meta\", '$.\"tags\"[0]') IS NULL OR json_extract(\"meta\", '$.\"lines\"[2].\"sku\"') IS NOT NULL AND json_extract(\"meta\", '$.\"name\"') LIKE @p0",
            "SELECT * FROM \"people\" WHERE \"meta\"->'tags'->>0 IS NULL OR \"meta\"->'lines'->2->>'sku' IS NOT NULL AND \"meta\"->>'name' LIKE $1",
            "SELECT * FROM `people` WHERE CASE WHEN JSON_TYPE(JSON_EXTRACT(`meta`, '$.\"tags\"[0]')) = 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"tags\"[0]')) END IS NULL OR CASE WHEN JSON_TYPE(JSON_EXTRACT(`meta`, '$.\"lines\"[2].\"sku\"')) = 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"lines\"[2].\"sku\"')) END IS NOT NULL AND JSON_VALUE(`meta`, '$.\"name\"') LIKE @p0",
            "A%");
    }

    [Fact]
    public void Values_that_are_not_text_numbers_or_bools_compare_as_the_serializer_writes_them()
    {
        var id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        var query = People.WhereJson("meta", "owner", id).WhereJson("meta", "since", "<", new DateOnly(2024, 1, 2)).WhereJson("meta", "shade", Shade.Dark);
        Assert.Equal(["0f8fad5b-d9cb-469f-a165-70867728950e", "2024-01-02", 2L], query.ToSql(Postgres).Values);
        Assert.Equal("SELECT * FROM \"people\" WHERE \"meta\"->>'owner' = $1 AND \"meta\"->>'since' < $2 AND CAST(\"meta\"->>'shade' AS numeric) = $3", query.ToSql(Postgres).Text);
    }

    [Fact]
    public void SelectJson_reads_the_value_with_an_alias()
    {
        var query = People.Select("id").SelectJson("meta", "address.city", "city");
        Golden(d => query.ToSql(d),
            "SELECT \"id\", json_extract(\"meta\", '$.\"address\".\"city\"') AS \"city\" FROM \"people\"",
            "SELECT \"id\", \"meta\"->'address'->>'city' AS \"city\" FROM \"people\"",
            "SELECT `id`, CASE WHEN JSON_TYPE(JSON_EXTRACT(`meta`, '$.\"address\".\"city\"')) = 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"address\".\"city\"')) END AS `city` FROM `people`");
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("a..b")]
    [InlineData("a.")]
    [InlineData("a-b")]
    [InlineData("a'b")]
    [InlineData("a\"b")]
    [InlineData("1a")]
    [InlineData("a[-1]")]
    [InlineData("a[x]")]
    [InlineData("a[0]b")]
    [InlineData("a b")]
    public void A_path_that_is_not_names_and_indexes_is_refused(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => People.WhereJson("meta", path, 1));
        Assert.Contains("is not a valid JSON path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_parse_to_one_canonical_instance()
    {
        Assert.Same(JsonPath.Parse("address.city"), JsonPath.Parse("address.city"));
        Assert.Equal("$.address.city[3]", JsonPath.Parse("$.address.city[3]").Text);
        Assert.Equal("$[0].x", JsonPath.Parse("[0].x").Text);
        Assert.Same(JsonPath.Parse("$.a.b"), JsonPath.Of([new JsonPathSegment("a", 0), new JsonPathSegment("b", 0)]));
    }

    [Fact]
    public void A_lambda_over_a_JSON_member_becomes_a_JSON_path_named_as_the_serializer_names_it()
    {
        var city = "Paris";
        var typed = new SqlQuery<Person>().Where(p => p.Meta.Address.City == city && p.Meta.Age > 30 && p.Meta.Vip && p.Meta.Tags[0] == "a" && p.Meta.Nick == null);
        Golden(d => typed.ToSql(d),
            "SELECT * FROM \"people\" WHERE json_extract(\"meta\", '$.\"address\".\"city\"') = @p0 AND json_extract(\"meta\", '$.\"age\"') > @p1 AND json_extract(\"meta\", '$.\"vip\"') = @p2 AND json_extract(\"meta\", '$.\"tags\"[0]') = @p3 AND json_extract(\"meta\", '$.\"nick_name\"') IS NULL",
            "SELECT * FROM \"people\" WHERE \"meta\"->'address'->>'city' = $1 AND CAST(\"meta\"->>'age' AS numeric) > $2 AND CAST(\"meta\"->>'vip' AS boolean) = $3 AND \"meta\"->'tags'->>0 = $4 AND \"meta\"->>'nick_name' IS NULL",
            "SELECT * FROM `people` WHERE JSON_VALUE(`meta`, '$.\"address\".\"city\"') = @p0 AND JSON_VALUE(`meta`, '$.\"age\"') > @p1 AND (JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"vip\"')) = 'true') = @p2 AND JSON_VALUE(`meta`, '$.\"tags\"[0]') = @p3 AND CASE WHEN JSON_TYPE(JSON_EXTRACT(`meta`, '$.\"nick_name\"')) = 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`meta`, '$.\"nick_name\"')) END IS NULL",
            "Paris", 30, true, "a");
        // The same condition by name compiles to the same text.
        Assert.Equal(People.WhereJson("meta", "address.city", city).ToSql(Postgres).Text, new SqlQuery<Person>().Where(p => p.Meta.Address.City == city).ToSql(Postgres).Text);
    }

    [Fact]
    public void A_projection_of_a_JSON_step_selects_its_path()
    {
        var projected = new SqlQuery<Person>().Select(p => new { p.Id, City = p.Meta.Address.City });
        Assert.Equal("SELECT \"id\" AS \"Id\", \"meta\"->'address'->>'city' AS \"City\" FROM \"people\"", projected.ToSql(Postgres).Text);
    }

    [Fact]
    public void A_JSON_value_compares_as_a_document()
    {
        using var document = JsonDocument.Parse("{\"a\":1}");
        var query = People.Where("meta", document).Where("extra", "<>", Sql.Json(new { a = 1 }));
        Assert.Equal("SELECT * FROM \"people\" WHERE CAST(\"meta\" AS jsonb) = $1 AND CAST(\"extra\" AS jsonb) <> $2", query.ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM `people` WHERE JSON_EQUALS(`meta`, @p0) = 1 AND JSON_EQUALS(`extra`, @p1) = 0", query.ToSql(MariaDb).Text);
        Assert.Equal("SELECT * FROM `people` WHERE `meta` = CAST(@p0 AS JSON) AND `extra` <> CAST(@p1 AS JSON)", query.ToSql(MySql).Text);
        Assert.Equal("SELECT * FROM \"people\" WHERE json(\"meta\") = json(@p0) AND json(\"extra\") <> json(@p1)", query.ToSql(Sqlite).Text);
        Assert.Throws<NotSupportedException>(() => People.Where("meta", ">", document).ToSql(Postgres));
    }

    public sealed class Document
    {
        public long Id { get; set; }
        public JsonElement Body { get; set; }
        public System.Text.Json.Nodes.JsonNode? Node { get; set; }
    }

    [Fact]
    public void DeepEquals_over_a_JSON_member_compares_documents_and_a_null_node_is_NULL()
    {
        var element = JsonDocument.Parse("{\"a\":1}").RootElement;
        System.Text.Json.Nodes.JsonNode? none = null;

        var query = new SqlQuery<Document>().Where(d => JsonElement.DeepEquals(d.Body, element) && System.Text.Json.Nodes.JsonNode.DeepEquals(none, d.Node));

        Assert.Equal("SELECT * FROM \"document\" WHERE CAST(\"body\" AS jsonb) = $1 AND \"node\" IS NULL", query.ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM `document` WHERE JSON_EQUALS(`body`, @p0) = 1 AND `node` IS NULL", query.ToSql(MariaDb).Text);
        Assert.Throws<NotSupportedException>(() => new SqlQuery<Document>().Where(d => JsonElement.DeepEquals(d.Body, d.Body)));
    }

    [Fact]
    public void The_shape_cache_keeps_a_JSON_comparison_apart_from_a_plain_one()
    {
        using var document = JsonDocument.Parse("{}");
        Assert.Equal("SELECT * FROM \"people\" WHERE CAST(\"meta\" AS jsonb) = $1", People.Where("meta", document).ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"people\" WHERE \"meta\" = $1", People.Where("meta", "{}").ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"people\" WHERE \"meta\"->>'a' = $1", People.WhereJson("meta", "a", "x").ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"people\" WHERE \"meta\"->>'b' = $1", People.WhereJson("meta", "b", "x").ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"people\" WHERE CAST(\"meta\"->>'a' AS numeric) = $1", People.WhereJson("meta", "a", 1).ToSql(Postgres).Text);
    }

    [Fact]
    public void Objects_and_ordering_with_null_are_refused_at_the_call()
    {
        Assert.Throws<ArgumentException>(() => People.WhereJson("meta", "address", new Address("Paris", null)));
        Assert.Throws<ArgumentException>(() => People.WhereJson("meta", "age", ">", null));
        Assert.Throws<ArgumentException>(() => People.WhereJson("meta", "age", "like", 3));
    }

    public enum Shade { Light = 1, Dark = 2 }

    public sealed record Address(string City, string? Zip);

    public sealed class Meta
    {
        public Address Address { get; set; } = new("", null);
        public int Age { get; set; }
        public bool Vip { get; set; }
        public List<string> Tags { get; set; } = [];
        [JsonPropertyName("nick_name")] public string? Nick { get; set; }
    }

    [Table("people")]
    public sealed class Person
    {
        public long Id { get; set; }
        [JsonColumn] public Meta Meta { get; set; } = new();
        public string[] Labels { get; set; } = [];
    }
}
