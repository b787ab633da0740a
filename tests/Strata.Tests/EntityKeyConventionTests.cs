using System.ComponentModel.DataAnnotations;
using Strata.Mapping;

namespace Strata.Tests;

/// <summary>How a mapped type's key is found: [Key], then Id, then &lt;TypeName&gt;Id, with an error naming the candidates when there are several or none.</summary>
public class EntityKeyConventionTests
{
    public sealed class Marked
    {
        public long Id { get; set; }

        [Key]
        public string Code { get; set; } = "";
    }

    public sealed class Plain
    {
        public long PlainId { get; set; }

        public long Id { get; set; }
    }

    public sealed class Customer
    {
        public Guid CustomerID { get; set; }

        public long OrderId { get; set; }
    }

    public sealed class Upper
    {
        public int ID { get; set; }
    }

    public sealed class TwoKeys
    {
        [Key]
        public long A { get; set; }

        [Key]
        public long B { get; set; }
    }

    public sealed class Keyless
    {
        public string Name { get; set; } = "";
    }

    [Fact]
    public void Key_attribute_wins_then_Id_then_the_type_name_and_Id()
    {
        Assert.Equal("code", EntityMap.For<Marked>().Key?.Name);
        Assert.Equal("id", EntityMap.For<Plain>().Key?.Name);
        Assert.Equal("customer_id", EntityMap.For<Customer>().Key?.Name);
        Assert.Equal("CustomerID", EntityMap.For<Customer>(NamingConvention.Exact).Key?.Name);
        Assert.Equal("ID", EntityMap.For<Upper>().Key?.Member.Name);
    }

    [Theory]
    [InlineData(typeof(TwoKeys), "TwoKeys has several key candidates: A, B are marked [Key]")]
    [InlineData(typeof(Keyless), "Keyless has no key: mark one member with [Key], or name it Id or KeylessId.")]
    public async Task Several_candidates_or_none_leave_no_key_and_repositories_say_why(Type type, string expected)
    {
        var map = typeof(EntityMap).GetMethod(nameof(EntityMap.For))!.MakeGenericMethod(type).Invoke(null, [null])!;
        Assert.Null(map.GetType().GetProperty("Key")!.GetValue(map));

        await using var db = Database.Open("sqlite::memory:");
        var repositoryType = typeof(Repository<,>).MakeGenericType(type, typeof(long));
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(repositoryType, db, null, null));
        var message = Assert.IsType<InvalidOperationException>(error.InnerException).Message;
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }
}
