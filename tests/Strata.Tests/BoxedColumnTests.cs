using System.Data;
using Strata.Mapping;

namespace Strata.Tests;

/// <summary>
/// The boxed column read that row mappers use without dynamic code (native AOT) gives the values and errors of the typed reads
/// the compiled mappers use.
/// </summary>
public class BoxedColumnTests
{
    public enum Tier
    {
        Free,
        Gold,
    }

    public static TheoryData<string, Type> Columns => new()
    {
        { "id", typeof(long) },
        { "id", typeof(int) },
        { "id", typeof(long?) },
        { "name", typeof(string) },
        { "joined", typeof(DateTime) },
        { "joined", typeof(DateTimeOffset) },
        { "tier", typeof(Tier) },
        { "token", typeof(Guid) },
        { "score", typeof(decimal) },
        { "missing", typeof(int?) },
        { "missing", typeof(string) },
    };

    [Theory, MemberData(nameof(Columns))]
    public void A_boxed_read_gives_the_typed_reads_value(string column, Type target)
    {
        using var reader = Reader();
        var ordinal = reader.GetOrdinal(column);
        var typed = typeof(BoxedColumnTests).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(target).Invoke(null, [reader, ordinal]);

        Assert.Equal(typed, Boxed(reader, ordinal, target));
    }

    [Fact]
    public void A_null_into_a_non_nullable_member_fails_with_the_typed_reads_message()
    {
        using var reader = Reader();
        var ordinal = reader.GetOrdinal("missing");

        var typed = Assert.Throws<MappingException>(() => Typed<int>(reader, ordinal));
        var boxed = Assert.Throws<MappingException>(() => Boxed(reader, ordinal, typeof(int)));
        Assert.Equal(typed.Message, boxed.Message);
    }

    private static T Typed<T>(DataTableReader reader, int ordinal) => ColumnReader.Read<T>(reader, Binding(reader, ordinal, typeof(T)));

    private static object? Boxed(DataTableReader reader, int ordinal, Type target) =>
        BoxedColumn.Read(reader, new BoxedColumn(Binding(reader, ordinal, target), null, target, TypeConversions.None));

    private static ColumnBinding Binding(DataTableReader reader, int ordinal, Type target) =>
        new(ordinal, reader.GetName(ordinal), reader.GetFieldType(ordinal), "test", target, $"Row.{reader.GetName(ordinal)}");

    private static DataTableReader Reader()
    {
        var table = new DataTable();
        table.Columns.Add("id", typeof(long));
        table.Columns.Add("name", typeof(string));
        table.Columns.Add("joined", typeof(DateTime));
        table.Columns.Add("tier", typeof(string));
        table.Columns.Add("token", typeof(string));
        table.Columns.Add("score", typeof(double));
        table.Columns.Add("missing", typeof(int));
        table.Rows.Add(42L, "ada", new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Unspecified), "gold", "6f9619ff-8b86-d011-b42d-00c04fc964ff", 12.5, DBNull.Value);
        var reader = table.CreateDataReader();
        reader.Read();
        return reader;
    }
}
