using System.ComponentModel.DataAnnotations.Schema;
using System.Data;
using Strata.Mapping;

namespace Strata.Tests;

public class MappingTests
{
    private static DataTableReader Reader(params (string Name, Type Type, object?[] Values)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type, _) in columns) table.Columns.Add(name, type);
        var rows = columns[0].Values.Length;
        for (var r = 0; r < rows; r++) table.Rows.Add(columns.Select(c => c.Values[r] ?? DBNull.Value).ToArray());
        var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        return reader;
    }

    private static T Map<T>(DataTableReader reader, NamingConvention? convention = null) =>
        RowMapper<T>.Get(reader, Mapping(convention ?? NamingConvention.SnakeCase))(reader);

    private static RowMapping Mapping(NamingConvention convention) => new(convention, JsonMapping.Default, TypeConversions.None);

    public sealed class User
    {
        public long Id { get; set; }
        public string Email { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        [Column("nick")] public string? Nickname { get; set; }
        [NotMapped] public string? Secret { get; set; }
        public Status Status { get; set; }
    }

    public enum Status { Active = 1, Banned = 2 }

    public sealed record Order(int Id, decimal Total, string? Note = null);

    public sealed class Pair
    {
        public string A { get; set; } = "";
        public string B { get; set; } = "";
    }

    [Theory]
    [InlineData("SELECT a, b FROM t WHERE id = @p0", true)]
    [InlineData("  select a AS x FROM t", true)]
    [InlineData("WITH x AS (SELECT a FROM t) SELECT a FROM x", true)]
    [InlineData("INSERT INTO t (a) VALUES (@p0) RETURNING id, a", true)]
    [InlineData("UPDATE t SET a = 1 RETURNING a", true)]
    [InlineData("DELETE FROM t RETURNING a", true)]
    [InlineData("SELECT * FROM t", false)]
    [InlineData("SELECT t.*, u.name FROM t JOIN u ON u.id = t.id", false)]
    [InlineData("INSERT INTO t (a) VALUES (1) RETURNING *", false)]
    [InlineData("SELECT COUNT(*) FROM t", false)]
    [InlineData("CALL refresh()", false)]
    [InlineData("TABLE t", false)]
    [InlineData("PRAGMA table_info(t)", false)]
    [InlineData("SHOW TABLES", false)]
    [InlineData("EXECUTE plan", false)]
    [InlineData("SELECTED", false)]
    [InlineData("-- a comment\nSELECT a FROM t", false)]
    public void Column_names_follow_from_the_text_only_for_statements_without_a_star(string text, bool follow) =>
        Assert.Equal(follow, ResultNames.FollowFromText(text));

    [Fact]
    public void A_star_statement_has_its_names_checked_on_every_run_even_with_the_same_text()
    {
        const string star = "SELECT * FROM pairs";
        var first = Reader(("a", typeof(string), ["1"]), ("b", typeof(string), ["2"]));
        Assert.Equal(("1", "2"), Read(first, star));
        // The table was made again with its columns the other way round: same text, same count, same types.
        var swapped = Reader(("b", typeof(string), ["2"]), ("a", typeof(string), ["1"]));
        Assert.Equal(("1", "2"), Read(swapped, star));

        // A text without a star names its columns itself: the same columns read again map as before.
        const string named = "SELECT a, b FROM pairs";
        Assert.Equal(("3", "4"), Read(Reader(("a", typeof(string), ["3"]), ("b", typeof(string), ["4"])), named));
        Assert.Equal(("5", "6"), Read(Reader(("a", typeof(string), ["5"]), ("b", typeof(string), ["6"])), named));

        static (string, string) Read(DataTableReader reader, string text)
        {
            var pair = RowMapper<Pair>.Get(reader, Mapping(NamingConvention.SnakeCase), text)(reader);
            return (pair.A, pair.B);
        }
    }

    [Fact]
    public void Snake_case_columns_fill_pascal_case_properties_with_overrides()
    {
        var created = new DateTime(2026, 1, 2, 3, 4, 5);
        using var reader = Reader(("id", typeof(long), [5L]), ("email", typeof(string), ["a@b.c"]), ("created_at", typeof(DateTime), [created]),
            ("nick", typeof(string), ["ace"]), ("secret", typeof(string), ["x"]), ("status", typeof(string), ["banned"]));
        var user = Map<User>(reader);
        Assert.Equal((5L, "a@b.c", created, "ace", (string?)null, Status.Banned), (user.Id, user.Email, user.CreatedAt, user.Nickname, user.Secret, user.Status));
    }

    [Fact]
    public void Records_are_built_through_their_constructor_with_converted_types()
    {
        using var reader = Reader(("id", typeof(long), [3L]), ("total", typeof(string), ["12.50"]));
        Assert.Equal(new Order(3, 12.50m), Map<Order>(reader));
    }

    [Fact]
    public void Tuples_scalars_and_rows()
    {
        using (var reader = Reader(("a", typeof(long), [1L]), ("b", typeof(string), ["x"])))
            Assert.Equal((1, "x"), Map<(int, string)>(reader));
        using (var reader = Reader(("n", typeof(long), [42L])))
            Assert.Equal(42, Map<int>(reader));
        using (var reader = Reader(("n", typeof(int), [null])))
            Assert.Null(Map<int?>(reader));
        using (var reader = Reader(("Email", typeof(string), ["a@b.c"]), ("n", typeof(int), [null])))
        {
            var row = Map<IReadOnlyDictionary<string, object?>>(reader);
            Assert.Equal("a@b.c", row["email"]);
            Assert.Null(row["N"]);
            dynamic dyn = Map<dynamic>(reader);
            Assert.Equal("a@b.c", (string)dyn.email);
        }
    }

    [Fact]
    public void A_null_in_a_non_nullable_member_names_the_column_and_member()
    {
        using var reader = Reader(("id", typeof(int), [null]), ("total", typeof(decimal), [1m]));
        var e = Assert.Throws<MappingException>(() => Map<Order>(reader));
        Assert.Contains("'id'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Order(Id)", e.Message, StringComparison.Ordinal);
        Assert.Contains("non-nullable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unconvertible_value_names_the_column_its_type_and_the_member()
    {
        using var reader = Reader(("id", typeof(string), ["seven"]), ("total", typeof(decimal), [1m]));
        var e = Assert.Throws<MappingException>(() => Map<Order>(reader));
        Assert.Contains("Column 'id'", e.Message, StringComparison.Ordinal);
        Assert.Contains("String", e.Message, StringComparison.Ordinal);
        Assert.Contains("Order(Id)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_constructor_column_lists_the_columns()
    {
        using var reader = Reader(("total", typeof(decimal), [1m]));
        var e = Assert.Throws<MappingException>(() => Map<Order>(reader));
        Assert.Contains("'Id'", e.Message, StringComparison.Ordinal);
        Assert.Contains("total", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mappers_are_cached_per_shape()
    {
        using var a = Reader(("id", typeof(long), [1L]), ("total", typeof(decimal), [1m]));
        using var b = Reader(("id", typeof(long), [2L]), ("total", typeof(decimal), [2m]));
        using var c = Reader(("id", typeof(long), [2L]), ("total", typeof(decimal), [2m]), ("note", typeof(string), ["n"]));
        var first = RowMapper<Order>.Get(a, Mapping(NamingConvention.SnakeCase));
        Assert.Same(first, RowMapper<Order>.Get(b, Mapping(NamingConvention.SnakeCase)));
        Assert.NotSame(first, RowMapper<Order>.Get(c, Mapping(NamingConvention.SnakeCase)));
        Assert.Equal("n", RowMapper<Order>.Get(c, Mapping(NamingConvention.SnakeCase))(c).Note);
    }

    [Fact]
    public void A_scalar_result_shares_its_mapper_whatever_the_column_is_called()
    {
        // ushort: a type no other test maps, so the cache starts empty for it.
        using var a = Reader(("total_1", typeof(long), [7L]));
        using var b = Reader(("total_2", typeof(long), [8L]));
        using var c = Reader(("total_3", typeof(string), ["9"]));
        var first = RowMapper<ushort>.Get(a, Mapping(NamingConvention.SnakeCase));
        Assert.Same(first, RowMapper<ushort>.Get(b, Mapping(NamingConvention.SnakeCase)));
        Assert.NotSame(first, RowMapper<ushort>.Get(c, Mapping(NamingConvention.SnakeCase)));
        Assert.Equal((ushort)8, first(b));
    }

    [Fact]
    public void A_scalar_error_names_the_column_of_the_statement_at_hand()
    {
        using var first = Reader(("first_name", typeof(long), [null]));
        using var second = Reader(("second_name", typeof(long), [null]));
        Assert.Contains("Column 'first_name'", Assert.Throws<MappingException>(() => Map<short>(first)).Message, StringComparison.Ordinal);
        var e = Assert.Throws<MappingException>(() => Map<short>(second));
        Assert.StartsWith("Column 'second_name' (", e.Message, StringComparison.Ordinal);
        Assert.Contains("is NULL but the Int16 result", e.Message, StringComparison.Ordinal);
    }

    public sealed record Converted(int Small, Status State, DateTime At, DateTimeOffset When, Guid Id, bool Flag, float Ratio);

    [Fact]
    public void Driver_types_that_differ_from_the_member_are_converted_on_the_typed_path()
    {
        var id = Guid.NewGuid();
        using var reader = Reader(("small", typeof(long), [7L]), ("state", typeof(long), [2L]), ("at", typeof(string), ["2026-11-23 10:20:30.123"]),
            ("when", typeof(DateTime), [new DateTime(2026, 1, 2, 3, 4, 5)]), ("id", typeof(byte[]), [id.ToByteArray()]), ("flag", typeof(long), [1L]), ("ratio", typeof(double), [0.5]));
        var row = Map<Converted>(reader);
        Assert.Equal(new Converted(7, Status.Banned, new DateTime(2026, 11, 23, 10, 20, 30, 123), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), id, true, 0.5f), row);
    }

    [Fact]
    public void A_number_too_large_for_the_member_is_a_mapping_error()
    {
        using var reader = Reader(("id", typeof(long), [long.MaxValue]), ("total", typeof(decimal), [1m]));
        var e = Assert.Throws<MappingException>(() => Map<Order>(reader));
        Assert.Contains("Column 'id'", e.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(e.InnerException);
    }

    [Theory]
    [InlineData("CreatedAt", "created_at")]
    [InlineData("Id", "id")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("UserID", "user_id")]
    [InlineData("Line2Total", "line2_total")]
    [InlineData("already_snake", "already_snake")]
    public void Snake_case_convention(string name, string expected) =>
        Assert.Equal(expected, NamingConvention.SnakeCase.Convert(name));
}
