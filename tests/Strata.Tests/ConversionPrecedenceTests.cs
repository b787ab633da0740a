using System.Data;
using System.Text.Json;
using Strata.Dialects;
using Strata.Diagnostics;
using Strata.Mapping;
using Strata.Query;

namespace Strata.Tests;

/// <summary>
/// How conversions meet JSON and arrays: JSON is decided first (a type that also wraps one value is still a document), converters
/// cannot be registered for JSON types, and collections of converted types or DateTimes travel and read element by element.
/// </summary>
public class ConversionPrecedenceTests
{
    public readonly record struct UserId(Guid Value);

    /// <summary>Marked as JSON, and also of the shape of a type that wraps one value.</summary>
    [JsonColumn]
    public sealed record Tag(string Name);

    /// <summary>Of the shape of a type that wraps one value; JSON only where a member or the options say so.</summary>
    public sealed record Email(string Value);

    public sealed class Contact
    {
        public long Id { get; set; }

        [JsonColumn] public Email? Primary { get; set; }

        public Email? Backup { get; set; }
    }

    private static (Database Database, CommandPipeline Pipeline) Open(string url, Action<DatabaseOptions>? configure = null)
    {
        var options = new DatabaseOptions { Url = url };
        configure?.Invoke(options);
        var database = Database.Open(options);
        return (database, database.Pipeline);
    }

    [Fact]
    public async Task A_JSON_value_is_JSON_even_when_its_type_wraps_one_value()
    {
        var (database, pipeline) = Open("sqlite::memory:", o => o.Json.Map<Email>());
        await using var _ = database;

        Assert.Equal(new JsonText("""{"name":"a"}"""), pipeline.NormalizeValue(new Tag("a")));
        Assert.Equal(new JsonText("""{"value":"x@y.z"}"""), pipeline.NormalizeValue(new Email("x@y.z")));
        Assert.Equal(new JsonText("""{"value":"x@y.z"}"""), pipeline.NormalizeValue(Sql.Json(new Email("x@y.z"))));
        Assert.Equal(Guid.Empty, pipeline.NormalizeValue(new UserId(Guid.Empty)));
    }

    [Fact]
    public async Task Without_a_JSON_mark_the_same_type_is_converted_through_its_property()
    {
        var (database, pipeline) = Open("sqlite::memory:");
        await using var _ = database;

        Assert.Equal("x@y.z", pipeline.NormalizeValue(new Email("x@y.z")));
        Assert.Equal(new JsonText("""{"value":"x@y.z"}"""), pipeline.NormalizeValue(Sql.Json(new Email("x@y.z"))));
    }

    [Fact]
    public void A_JSON_member_of_a_wrapper_type_is_read_as_a_document_and_a_plain_one_through_the_constructor()
    {
        var table = new DataTable();
        table.Columns.Add("id", typeof(long));
        table.Columns.Add("primary", typeof(string));
        table.Columns.Add("backup", typeof(string));
        table.Rows.Add(1L, """{"value":"a@b.c"}""", "d@e.f");
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());

        var contact = RowMapper<Contact>.Get(reader, new RowMapping(NamingConvention.SnakeCase, JsonMapping.Default, TypeConversions.None))(reader);

        Assert.Equal(new Email("a@b.c"), contact.Primary);
        Assert.Equal(new Email("d@e.f"), contact.Backup);
    }

    [Fact]
    public void A_property_inside_a_JSON_member_is_a_path_step_even_when_the_member_wraps_one_value()
    {
        var rendered = new SqlQuery<Contact>().Where(c => c.Primary!.Value == "a@b.c" && c.Backup!.Value == "d@e.f").ToSql(new Strata.Sqlite.SqliteDialect());

        Assert.Equal("SELECT * FROM \"contact\" WHERE json_extract(\"primary\", '$.\"value\"') = @p0 AND \"backup\" = @p1", rendered.Text);
        var error = Assert.Throws<NotSupportedException>(() => new SqlQuery<Contact>().OrderBy(c => c.Primary!.Value).ToSql(new Strata.Sqlite.SqliteDialect()));
        Assert.Contains("OrderBy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Converters_for_JSON_types_are_refused_when_registered_or_when_the_database_opens()
    {
        Assert.Contains("marked [JsonColumn]", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<Tag, string>(t => t.Name, s => new Tag(s))).Message,
            StringComparison.Ordinal);
        Assert.Contains("a JSON document type", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<JsonElement, string>(e => e.GetRawText(), s => default)).Message,
            StringComparison.Ordinal);

        var options = new DatabaseOptions { Url = "sqlite::memory:" };
        options.Json.Map<Email>();
        options.Types.Add<Email, string>(e => e.Value, s => new Email(s));
        var error = Assert.Throws<DatabaseConfigurationException>(() => options.ToConnectionSettings());
        Assert.Contains("Email is listed in Json.Types and has a converter in Types", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collections_of_converted_types_and_DateTimes_travel_as_arrays_of_what_is_stored()
    {
        var (database, pipeline) = Open("postgres://strata:secret@127.0.0.1:1/none");
        await using var _ = database;
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var local = new DateTime(2024, 2, 29, 13, 45, 0, DateTimeKind.Local);

        Assert.Equal(new[] { a, b }, Assert.IsType<Guid[]>(pipeline.NormalizeValue(new[] { new UserId(a), new UserId(b) })));
        Assert.Equal(new Guid?[] { a, null }, Assert.IsType<Guid?[]>(pipeline.NormalizeValue(new List<UserId?> { new UserId(a), null })));
        Assert.Empty(Assert.IsType<Guid[]>(pipeline.NormalizeValue(Array.Empty<UserId>())));
        var times = Assert.IsType<DateTime[]>(pipeline.NormalizeValue(new[] { local, DateTime.UnixEpoch }));
        Assert.Equal([local.ToUniversalTime(), DateTime.UnixEpoch], times);
        Assert.Equal(DateTimeKind.Utc, times[0].Kind);
        var utc = new[] { DateTime.UnixEpoch };
        Assert.Same(utc, pipeline.NormalizeValue(utc));
    }

    [Fact]
    public void Array_columns_read_into_collections_of_converted_types_and_UTC_DateTimes()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var table = new DataTable();
        table.Columns.Add("ids", typeof(Guid[]));
        table.Columns.Add("maybe", typeof(Guid?[]));
        table.Columns.Add("times", typeof(DateTime[]));
        table.Rows.Add(new[] { a, b }, new Guid?[] { null, b }, new[] { new DateTime(2024, 1, 2, 3, 4, 5) });
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        var mapping = new RowMapping(NamingConvention.SnakeCase, JsonMapping.Default, TypeConversions.None);

        var row = RowMapper<(List<UserId>, IReadOnlyList<UserId?>, DateTime[])>.Get(reader, mapping)(reader);

        Assert.Equal([new UserId(a), new UserId(b)], row.Item1);
        Assert.Equal([null, new UserId(b)], row.Item2);
        Assert.Equal(DateTimeKind.Utc, Assert.Single(row.Item3).Kind);
        Assert.Equal([new UserId(a), new UserId(b)], mapping.Convert<UserId[]>(new[] { a, b }));
        Assert.Equal(DateTimeKind.Utc, Assert.Single(mapping.Convert<DateTime[]>(new[] { new DateTime(2024, 1, 2) })).Kind);
    }
}
