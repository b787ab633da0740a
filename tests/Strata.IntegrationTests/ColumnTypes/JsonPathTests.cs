using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.ColumnTypes;

/// <summary>Filtering and selecting by JSON paths (WhereJson, SelectJson, lambdas over JSON members): the same rows on every database.</summary>
public class JsonPathTests
{
    public sealed record Address(string City, string? Zip);

    public sealed class Meta
    {
        public string Name { get; set; } = "";
        public decimal Age { get; set; }
        public bool Vip { get; set; }
        public Address? Address { get; set; }
        public List<string> Tags { get; set; } = [];
        public Guid Owner { get; set; }
    }

    public sealed class Person
    {
        public long Id { get; set; }
        public int RowNo { get; set; }
        [JsonColumn] public Meta? Meta { get; set; }
    }

    public sealed record Picked(long RowNo, string? City, string? Name, bool? Vip, string? FirstTag);

    private static readonly Guid Owner = new("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static readonly Person[] People =
    [
        new() { RowNo = 1, Meta = new() { Name = "Ada", Age = 36, Vip = true, Address = new("London", "N1"), Tags = ["math", "poet"], Owner = Owner } },
        new() { RowNo = 2, Meta = new() { Name = "Grace", Age = 45, Vip = false, Address = new("Paris", null), Tags = ["navy"] } },
        new() { RowNo = 3, Meta = new() { Name = "Linus", Age = 30, Vip = true, Address = new("Paris", "75001"), Tags = [] } },
        new() { RowNo = 4, Meta = new() { Name = "Alan", Age = 41.5m, Vip = false, Address = null, Tags = ["code", "navy"] } },
        new() { RowNo = 5, Meta = null },
    ];

    [Theory, AllDatabases]
    public async Task A_builder_filter_by_JSON_path_returns_the_same_rows_on_every_database(Db db)
    {
        await using var t = await PeopleAsync(db);
        async Task<string> Rows(Func<SqlQuery, SqlQuery> filter) =>
            string.Join(",", await filter(t.Db.From(t.Name)).OrderBy("row_no").Select("row_no").ToListAsync<int>());

        Assert.Equal("2,3", await Rows(q => q.WhereJson("meta", "address.city", "Paris")));
        Assert.Equal("1", await Rows(q => q.WhereJson("meta", "$.address.city", "=", "London")));
        Assert.Equal("2,4", await Rows(q => q.WhereJson("meta", "age", ">", 40)));
        Assert.Equal("4", await Rows(q => q.WhereJson("meta", "age", "=", 41.5m)));
        Assert.Equal("1,3", await Rows(q => q.WhereJson("meta", "vip", true)));
        Assert.Equal("2,4", await Rows(q => q.WhereJson("meta", "vip", false)));
        Assert.Equal("2", await Rows(q => q.WhereJson("meta", "tags[0]", "navy")));
        Assert.Equal("4", await Rows(q => q.WhereJson("meta", "tags[1]", "navy")));
        Assert.Equal("2,4,5", await Rows(q => q.WhereJson("meta", "address.zip", null)));
        Assert.Equal("1,3", await Rows(q => q.WhereJson("meta", "address.zip", "<>", null)));
        Assert.Equal("1,4", await Rows(q => q.WhereJson("meta", "name", "like", "A%")));
        Assert.Equal("1", await Rows(q => q.WhereJson("meta", "owner", Owner)));
        Assert.Equal("1,2", await Rows(q => q.WhereJson("meta", "address.city", "London").OrWhereJson("meta", "age", 45)));
    }

    [Theory, AllDatabases]
    public async Task A_lambda_over_a_JSON_member_filters_and_projects_by_its_path(Db db)
    {
        await using var t = await PeopleAsync(db);
        var city = "Paris";
        async Task<string> Rows(System.Linq.Expressions.Expression<Func<Person, bool>> filter) =>
            string.Join(",", (await t.Db.From<Person>(t.Name).Where(filter).OrderBy(p => p.RowNo).ToListAsync()).Select(p => p.RowNo));

        Assert.Equal("2,3", await Rows(p => p.Meta!.Address!.City == city));
        Assert.Equal("2,4", await Rows(p => p.Meta!.Age > 40));
        Assert.Equal("1,3", await Rows(p => p.Meta!.Vip));
        Assert.Equal("2,4", await Rows(p => !p.Meta!.Vip));
        Assert.Equal("2", await Rows(p => p.Meta!.Tags[0] == "navy"));
        Assert.Equal("5", await Rows(p => p.Meta == null));
        Assert.Equal("1", await Rows(p => p.Meta!.Owner == Owner && p.Meta.Name == "Ada"));

        var picked = await t.Db.From<Person>(t.Name).OrderBy(p => p.RowNo)
            .Select(p => new Picked(p.RowNo, p.Meta!.Address!.City, p.Meta.Name, p.Meta.Vip, p.Meta.Tags[0])).ToListAsync();
        Assert.Equal(["London", "Paris", "Paris", null, null], picked.Select(p => p.City));
        Assert.Equal(["Ada", "Grace", "Linus", "Alan", null], picked.Select(p => p.Name));
        Assert.Equal([true, false, true, false, null], picked.Select(p => p.Vip));
        Assert.Equal(["math", "navy", null, "code", null], picked.Select(p => p.FirstTag));
    }

    [Theory, AllDatabases]
    public async Task SelectJson_reads_scalars_and_objects(Db db)
    {
        await using var t = await PeopleAsync(db);
        var rows = await t.Db.From(t.Name).Where("row_no", "<", 3).OrderBy("row_no")
            .Select("row_no").SelectJson("meta", "name", "name").SelectJson("meta", "age", "age").SelectJson("meta", "address", "address")
            .ToListAsync<(int RowNo, string Name, decimal Age, Address Address)>();
        Assert.Equal([(1, "Ada", 36m, new Address("London", "N1")), (2, "Grace", 45m, new Address("Paris", null))], rows);
    }

    private static async Task<JsonColumnTests.Scope> PeopleAsync(Db db)
    {
        var t = await JsonColumnTests.TableAsync(db, "json_people", $"id {Types.AutoId(db)}, row_no INTEGER NOT NULL, meta {JsonColumnTests.JsonType(db)} NULL",
            o => o.Json.Map<Address>());
        try
        {
            await t.Db.BulkInsertAsync(t.Name, People);
            return t;
        }
        catch
        {
            await t.DisposeAsync();
            throw;
        }
    }
}
