using System.Data;
using Strata.Dialects;
using Strata.Mapping;
using Strata.MySql;
using Strata.Postgres;
using Strata.Query;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>The converter API's rules, which types wrap one value, and rows read through conversions (no server needed).</summary>
public class ValueConverterTests
{
    public readonly record struct UserId(Guid Value);

    public sealed record Email(string Value);

    public sealed record Money(decimal Amount);

    public sealed class Sku(string code)
    {
        public string Code { get; } = code;
    }

    public readonly record struct OrderNo(long Number);

    /// <summary>A strongly-typed id without a public constructor: only a registered converter teaches it.</summary>
    public sealed class CustomerId
    {
        private CustomerId(Guid value) => Value = value;

        public Guid Value { get; }

        public static CustomerId From(Guid value) => new(value);
    }

    public sealed record TwoValues(int A, int B);

    public sealed record NamedOtherwise(int Amount)
    {
        public int Total => Amount;
    }

    public sealed record WrapsNullable(int? Value);

    public sealed record WrapsWrapper(UserId Value);

    public sealed record WrapsObject(object Value);

    public sealed class TwoConstructors
    {
        public TwoConstructors(int value) => Value = value;

        public TwoConstructors(string value) => Value = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        public int Value { get; }
    }

    public sealed class WithPublicField(int value)
    {
        public int Value { get; } = value;
#pragma warning disable CA1051
        public int Other;
#pragma warning restore CA1051
    }

    public readonly record struct Id<TEntity>(Guid Value);

    [Theory]
    [InlineData(typeof(UserId), typeof(Guid))]
    [InlineData(typeof(Email), typeof(string))]
    [InlineData(typeof(Money), typeof(decimal))]
    [InlineData(typeof(Sku), typeof(string))]
    [InlineData(typeof(OrderNo), typeof(long))]
    [InlineData(typeof(Id<Email>), typeof(Guid))]
    public void Types_that_wrap_one_stored_value_are_converted_through_their_property_and_constructor(Type type, Type stored)
    {
        var conversion = ValueWrapper.Find(type);

        Assert.NotNull(conversion);
        Assert.Equal(stored, conversion.ProviderType);
    }

    [Theory]
    [InlineData(typeof(TwoValues))]
    [InlineData(typeof(NamedOtherwise))]
    [InlineData(typeof(WrapsNullable))]
    [InlineData(typeof(WrapsWrapper))]
    [InlineData(typeof(WrapsObject))]
    [InlineData(typeof(TwoConstructors))]
    [InlineData(typeof(WithPublicField))]
    [InlineData(typeof(CustomerId))]
    [InlineData(typeof(Guid))]
    [InlineData(typeof(string))]
    [InlineData(typeof(UserId?))]
    [InlineData(typeof(List<int>))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(Version))]
    [InlineData(typeof(System.Net.IPAddress))]
    [InlineData(typeof(System.Text.Json.JsonElement))]
    public void Other_shapes_are_not_wrappers(Type type) => Assert.Null(ValueWrapper.Find(type));

    [Fact]
    public void A_wrapper_converts_both_ways()
    {
        var id = new UserId(Guid.NewGuid());
        var conversion = ValueWrapper.Find(typeof(UserId))!;

        Assert.Equal(id.Value, conversion.ToProvider(id));
        Assert.Equal(id, conversion.FromProvider(id.Value));
    }

    [Fact]
    public void Registration_refuses_what_cannot_work_and_says_why()
    {
        var types = new ValueConverters();
        types.Add<CustomerId, Guid>(c => c.Value, CustomerId.From);

        Assert.Contains("already has a converter", Assert.Throws<ArgumentException>(() => types.Add<CustomerId, Guid>(c => c.Value, CustomerId.From)).Message);
        Assert.Contains("Strata stores DateTime itself", Assert.Throws<ArgumentException>(() => types.Add<DateTime, long>(d => d.Ticks, t => new DateTime(t))).Message);
        Assert.Contains("Strata stores String itself", Assert.Throws<ArgumentException>(() => types.Add<string, int>(int.Parse, i => i.ToString())).Message);
#pragma warning disable CS8714 // the constraint's warning is what callers see first; the check behind it is tested here
        Assert.Contains("not OrderNo?", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<OrderNo?, long>(m => m!.Value.Number, d => new OrderNo(d))).Message);
        Assert.Contains("nullable Decimal?", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<Money, decimal?>(m => m.Amount, d => new Money(d!.Value))).Message);
#pragma warning restore CS8714
        Assert.Contains("converted itself", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<Sku, UserId>(s => new UserId(Guid.Empty), u => new Sku(""))).Message);
        Assert.Contains("not as Object", Assert.Throws<ArgumentException>(() => new ValueConverters().Add<Sku, object>(s => s.Code, o => new Sku((string)o))).Message);
        Assert.Equal(1, types.Count);
        Assert.True(types.Contains(typeof(CustomerId)));
    }

    [Fact]
    public void Enums_may_have_a_converter()
    {
        var types = new ValueConverters().Add<DayOfWeek, string>(d => d.ToString()[..3], s => Enum.GetValues<DayOfWeek>().First(d => d.ToString().StartsWith(s, StringComparison.Ordinal)));

        Assert.True(types.Contains(typeof(DayOfWeek)));
    }

    public sealed record Row(UserId Id, Email? Email, CustomerId Customer)
    {
        public UserId? Parent { get; set; }
        public Money? Price { get; set; }
        public CustomerId? Referrer { get; set; }
    }

    private static DataTableReader Reader(params (string Name, Type Type, object?[] Values)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type, _) in columns) table.Columns.Add(name, type);
        for (var r = 0; r < columns[0].Values.Length; r++) table.Rows.Add(columns.Select(c => c.Values[r] ?? DBNull.Value).ToArray());
        var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        return reader;
    }

    private static RowMapping Mapping(ValueConverters types) => new(NamingConvention.SnakeCase, JsonMapping.Default, types.Freeze());

    [Fact]
    public void Rows_fill_constructor_parameters_and_members_of_converted_types_and_their_nullable_forms()
    {
        var types = new ValueConverters().Add<CustomerId, Guid>(c => c.Value, CustomerId.From);
        Guid id = Guid.NewGuid(), customer = Guid.NewGuid(), parent = Guid.NewGuid();
        using var reader = Reader(("id", typeof(Guid), [id, id]), ("email", typeof(string), ["a@b.c", null]), ("customer", typeof(Guid), [customer, customer]),
            ("parent", typeof(Guid), [parent, null]), ("price", typeof(decimal), [9.5m, null]), ("referrer", typeof(Guid), [customer, null]));

        var map = RowMapper<Row>.Get(reader, Mapping(types));
        var first = map(reader);
        Assert.True(reader.Read());
        var second = map(reader);

        Assert.Equal(new UserId(id), first.Id);
        Assert.Equal(new Email("a@b.c"), first.Email);
        Assert.Equal(customer, first.Customer.Value);
        Assert.Equal(new UserId(parent), first.Parent);
        Assert.Equal(new Money(9.5m), first.Price);
        Assert.Equal(customer, first.Referrer!.Value);
        Assert.Null(second.Email);
        Assert.Null(second.Parent);
        Assert.Null(second.Price);
        Assert.Null(second.Referrer);
    }

    [Fact]
    public void A_null_into_a_non_nullable_converted_struct_names_the_member_and_its_type()
    {
        using var reader = Reader(("id", typeof(Guid), [null]), ("email", typeof(string), ["x"]), ("customer", typeof(Guid), [Guid.Empty]));

        var e = Assert.Throws<MappingException>(() => RowMapper<Row>.Get(reader, Mapping(new ValueConverters().Add<CustomerId, Guid>(c => c.Value, CustomerId.From)))(reader));

        Assert.Contains("constructor parameter Row(Id) is a non-nullable UserId", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_converter_that_throws_while_reading_names_the_column()
    {
        var types = new ValueConverters().Add<CustomerId, Guid>(c => c.Value, g => throw new FormatException("not a customer"));
        using var reader = Reader(("customer", typeof(Guid), [Guid.Empty]));

        var e = Assert.Throws<MappingException>(() => RowMapper<CustomerId>.Get(reader, Mapping(types))(reader));

        Assert.Contains("Column 'customer'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a customer", e.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(e.InnerException!.InnerException);
    }

    public sealed record OneColumnRow(long Id);

    [Fact]
    public void A_wrapper_is_a_scalar_of_a_one_column_result_its_property_does_not_name_and_a_row_type_otherwise()
    {
        using var one = Reader(("anything", typeof(long), [42L]));
        using var named = Reader(("id", typeof(long), [null]));
        using var two = Reader(("id", typeof(long), [7L]), ("name", typeof(string), ["x"]));

        Assert.Equal(new OrderNo(42), RowMapper<OrderNo>.Get(one, Mapping(new ValueConverters()))(one));
        Assert.Equal(new OrderNo(42), RowMapper<OrderNo?>.Get(one, Mapping(new ValueConverters()))(one));
        Assert.Equal(new OneColumnRow(7), RowMapper<OneColumnRow>.Get(two, Mapping(new ValueConverters()))(two));
        // A row type over its own column keeps the row mapping's errors: NULL into its non-nullable member.
        Assert.Throws<MappingException>(() => RowMapper<OneColumnRow>.Get(named, Mapping(new ValueConverters()))(named));
    }

    [Fact]
    public void Databases_without_converters_share_their_row_mappers()
    {
        using var reader = Reader(("id", typeof(Guid), [Guid.Empty]), ("email", typeof(string), ["x"]), ("customer", typeof(Guid), [Guid.Empty]));
        var withConverter = new ValueConverters().Add<CustomerId, Guid>(c => c.Value, CustomerId.From);

        Assert.Same(new ValueConverters().Freeze(), new ValueConverters().Freeze());
        Assert.NotSame(RowMapper<Row>.Get(reader, Mapping(withConverter)), RowMapper<Row>.Get(reader, Mapping(new ValueConverters().Add<CustomerId, Guid>(c => c.Value, CustomerId.From))));
    }

    public sealed class Account
    {
        public UserId Id { get; set; }
        public UserId? Parent { get; set; }
        public Money Balance { get; set; } = new(0);
    }

    [Fact]
    public void Lambdas_compare_a_converted_member_with_a_captured_value_or_the_wrapped_value_with_its_own()
    {
        var id = new UserId(Guid.NewGuid());
        var guid = Guid.NewGuid();
        var ids = new[] { id };

        var rendered = new SqlQuery<Account>().Where(a => a.Id == id && a.Id.Value == guid && a.Parent!.Value.Value == guid && ids.Contains(a.Id)).ToSql(new SqliteDialect());

        Assert.Equal("SELECT * FROM \"account\" WHERE \"id\" = @p0 AND \"id\" = @p1 AND \"parent\" = @p2 AND \"id\" IN (@p3)", rendered.Text);
        Assert.Equal([id, guid, guid, id], RenderedValues.Flat(rendered.Values));
    }

    [Fact]
    public void Each_database_says_which_values_it_cannot_store()
    {
        SqlDialect sqlite = new SqliteDialect(), postgres = new PostgresDialect(), mariadb = new MariaDbDialect();

        Assert.Null(postgres.DescribeUnstorableValue(double.NaN));
        Assert.Null(postgres.DescribeUnstorableValue(double.NegativeInfinity));
        Assert.StartsWith("NaN (a double), which SQLite cannot store", sqlite.DescribeUnstorableValue(double.NaN), StringComparison.Ordinal);
        Assert.StartsWith("NaN (a float)", sqlite.DescribeUnstorableValue(float.NaN), StringComparison.Ordinal);
        Assert.Null(sqlite.DescribeUnstorableValue(double.PositiveInfinity));
        Assert.StartsWith("positive infinity (a double), which MariaDB cannot store", mariadb.DescribeUnstorableValue(double.PositiveInfinity), StringComparison.Ordinal);
        Assert.StartsWith("negative infinity (a float), which MySQL cannot store", new MySqlDialect().DescribeUnstorableValue(float.NegativeInfinity), StringComparison.Ordinal);
        Assert.Null(mariadb.DescribeUnstorableValue(1.5));
    }

    [Theory]
    [InlineData("123456789012345", true)]           // 15 digits
    [InlineData("1234567890.12345", true)]          // 15 digits, scale 5
    [InlineData("0.000000000012345", true)]         // leading zeros are not significant
    [InlineData("15.500000000000000000", true)]     // nor trailing ones
    [InlineData("100000000000000000000000", true)]  // whole beyond 64 bits, one significant digit: an exact REAL
    [InlineData("9223372036854775807", true)]       // whole within 64 bits: an INTEGER
    [InlineData("1234567890.123456", false)]        // 16 digits
    [InlineData("12345678901234567890.12345678", false)]
    [InlineData("0.1234567890123456789012345678", false)]
    public void SQLite_takes_decimals_it_keeps_exactly_and_refuses_the_others(string text, bool stored)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var problem = new SqliteDialect().DescribeUnstorableValue(value);

        Assert.Equal(stored, problem is null);
        if (problem is not null)
        {
            Assert.StartsWith("a decimal with more than 15 significant digits", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(text, problem, StringComparison.Ordinal);
        }
        else
        {
            // What it is stored as reads back as the same value.
            var bound = SqliteValues.FromDecimal(value);
            Assert.Equal(value, bound is long l ? l : DecimalValues.FromDouble((double)bound));
        }
    }

    [Fact]
    public void A_double_becomes_the_decimal_its_shortest_text_spells()
    {
        Assert.Equal(0.1m, DecimalValues.FromDouble(0.1));
        Assert.Equal(0.30000000000000004m, DecimalValues.FromDouble(0.1 + 0.2));
        Assert.Equal(1e20m, DecimalValues.FromDouble(1e20));
        Assert.Equal(-12345.6789012345m, DecimalValues.FromDouble(-12345.6789012345));
    }
}
