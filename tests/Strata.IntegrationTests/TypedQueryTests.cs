using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

using Strata.Query;

/// <summary>The typed query builder (<c>From&lt;T&gt;</c> with lambdas) against real tables, on every database.</summary>
public class TypedQueryTests
{
    public sealed class Member
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public int Age { get; set; }
        public int? Score { get; set; }
        public bool Active { get; set; }
        public Tier Tier { get; set; }
    }

    public enum Tier
    {
        Basic,
        Gold,
    }

    public sealed record Contact(long Id, string? Email);

    [Theory, AllDatabases]
    public async Task Where_lambdas_select_exactly_the_matching_rows(Db db)
    {
        await using var t = await MembersAsync(db);
        var min = 40;
        var wanted = new List<string> { "ada", "grace", "nobody" };

        var active = await t.Members.Where(m => m.Active).OrderBy(m => m.Name).ToListAsync();
        var adults = await t.Members.Where(m => m.Active && m.Age >= min).OrderBy(m => m.Name).ToListAsync();
        var either = await t.Members.Where(m => m.Age < 31 || m.Name == "margaret").OrderBy(m => m.Age).ToListAsync();
        var inactive = await t.Members.Where(m => !m.Active).ToListAsync();
        var noEmail = await t.Members.Where(m => m.Email == null).ToListAsync();
        var scored = await t.Members.Where(m => m.Score != null && !(m.Score > 5)).OrderBy(m => m.Name).ToListAsync();
        var listed = await t.Members.Where(m => wanted.Contains(m.Name)).OrderByDescending(m => m.Name).ToListAsync();
        var none = await t.Members.Where(m => Array.Empty<string>().Contains(m.Name)).CountAsync();

        Assert.Equal(["ada", "alan", "grace", "margaret"], active.Select(m => m.Name));
        Assert.Equal(["alan", "grace", "margaret"], adults.Select(m => m.Name));
        Assert.Equal(["linus", "margaret"], either.Select(m => m.Name));
        Assert.Equal(["linus"], inactive.Select(m => m.Name));
        Assert.Equal(["linus"], noEmail.Select(m => m.Name));
        Assert.Equal(["ada", "alan"], scored.Select(m => m.Name));
        Assert.Equal(["grace", "ada"], listed.Select(m => m.Name));
        Assert.Equal(0, none);
    }

    [Theory, AllDatabases]
    public async Task Like_wildcards_in_values_match_literally(Db db)
    {
        await using var t = await MembersAsync(db);
        foreach (var name in new[] { "50% off", "50 percent off", "a_b", "axb", "x!y", "x!!y", "c\\d" })
            await t.Database.From(t.Table).InsertAsync(new { Name = name, Age = 1, Active = false });

        async Task<string[]> Names(System.Linq.Expressions.Expression<Func<Member, bool>> predicate) =>
            (await t.Members.Where(predicate).OrderBy(m => m.Name).ToListAsync()).Select(m => m.Name).ToArray();

        Assert.Equal(["50% off"], await Names(m => m.Name.Contains("0%")));
        Assert.Equal(["a_b"], await Names(m => m.Name.StartsWith("a_")));
        Assert.Equal(["a_b"], await Names(m => m.Name.EndsWith("_b")));
        Assert.Equal(["x!y"], await Names(m => m.Name.EndsWith("x!y")));
        Assert.Equal(["x!!y"], await Names(m => m.Name.Contains("!!")));
        Assert.Equal(["c\\d"], await Names(m => m.Name.Contains('\\')));
        Assert.Equal(["grace", "margaret"], await Names(m => m.Email!.EndsWith("@us.test")));
    }

    [Theory, AllDatabases]
    public async Task Projections_fill_anonymous_types_records_and_scalars(Db db)
    {
        await using var t = await MembersAsync(db);

        var pairs = await t.Members.Where(m => m.Age > 40).OrderBy(m => m.Age).Select(m => new { m.Name, Years = m.Age }).ToListAsync();
        var contact = await t.Members.Where(m => m.Name == "ada").Select(m => new Contact(m.Id, m.Email)).SingleAsync();
        var emails = await t.Members.Where(m => m.Email != null).OrderBy(m => m.Email).Select(m => m.Email).Limit(2).ToListAsync();

        Assert.Equal([("alan", 41), ("grace", 45), ("margaret", 50)], pairs.Select(p => (p.Name, p.Years)));
        Assert.Equal("ada@uk.test", contact.Email);
        Assert.True(contact.Id > 0);
        Assert.Equal(["ada@uk.test", "alan@uk.test"], emails);
    }

    [Theory, AllDatabases]
    public async Task Terminal_methods_page_count_and_aggregate(Db db)
    {
        await using var t = await MembersAsync(db);
        var byAge = t.Members.OrderBy(m => m.Age);

        Assert.Equal(["ada", "alan"], (await byAge.Offset(1).Limit(2).ToListAsync()).Select(m => m.Name));
        Assert.Equal("linus", (await byAge.FirstAsync()).Name);
        Assert.Null(await t.Members.Where(m => m.Age > 99).FirstOrDefaultAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Members.Where(m => m.Active).SingleAsync());
        Assert.Equal(4, await t.Members.Where(m => m.Active).CountAsync());
        Assert.True(await t.Members.Where(m => m.Name == "grace").ExistsAsync());
        Assert.False(await t.Members.Where(m => m.Name == "nobody").ExistsAsync());
        Assert.Equal(202, await t.Members.SumAsync(m => m.Age));
        Assert.Equal(40.4, (await t.Members.AvgAsync(m => m.Age))!.Value, 3);
        Assert.Equal(30, await t.Members.MinAsync(m => m.Age));
        Assert.Equal("margaret", await t.Members.MaxAsync(m => m.Name));
        Assert.Null(await t.Members.Where(m => m.Age > 99).MaxAsync(m => m.Score));
        Assert.Equal(66, await byAge.Limit(2).SumAsync(m => m.Age)); // 30 + 36: the limit applies before the sum
        Assert.Equal(45, await t.Database.From(t.Table).Where("active", true).Where("age", "<", 50).MaxAsync<int>("age"));
    }

    [Theory, AllDatabases]
    public async Task Enum_members_compare_as_the_column_stores_them(Db db)
    {
        await using var t = await MembersAsync(db);
        await t.Database.From(t.Table).Where("name", "grace").UpdateAsync(new { Tier = Tier.Gold });
        var tier = Tier.Gold;

        var gold = await t.Members.Where(m => m.Tier == tier).SingleAsync();
        var basic = await t.Members.Where(m => m.Tier != Tier.Gold && m.Active).CountAsync();
        var listed = await t.Members.Where(m => new[] { Tier.Gold }.Contains(m.Tier)).Select(m => m.Name).ToListAsync();

        Assert.Equal(("grace", Tier.Gold), (gold.Name, gold.Tier));
        Assert.Equal(3, basic);
        Assert.Equal(["grace"], listed);
    }

    [Theory, AllDatabases]
    public async Task Sql_functions_and_string_case_select_the_matching_rows(Db db)
    {
        await using var t = await MembersAsync(db);
        async Task<string[]> Names(SqlQuery<Member> query) => (await query.OrderBy(m => m.Name).ToListAsync()).Select(m => m.Name).ToArray();
        var upper = "ADA";
        var olderThan = t.Database.From(t.Table).Select("id").Where("age", ">", 44);

        Assert.Equal(["ada", "alan"], await Names(t.Members.Where(m => Sql.Like(m.Email, "%@uk.test"))));
        Assert.Equal(["grace", "linus", "margaret"], await Names(t.Members.Where(m => !Sql.Like(m.Name, "a%"))));
        Assert.Equal(["ada", "alan"], await Names(t.Members.Where(m => Sql.ILike(m.Name, "A%"))));
        Assert.Equal(["ada", "alan", "grace"], await Names(t.Members.Where(m => Sql.Between(m.Age, 36, 45))));
        Assert.Equal(["grace", "margaret"], await Names(t.Members.Where(m => Sql.In(m.Id, olderThan))));
        Assert.Equal(["ada"], await Names(t.Members.Where(m => Sql.Upper(m.Name) == upper)));
        Assert.Equal(["margaret"], await Names(t.Members.Where(m => Sql.Upper(m.Name)!.StartsWith("MAR"))));
        Assert.Equal(["linus"], await Names(t.Members.Where(m => Sql.Lower(m.Email) == null)));
        Assert.Equal(["grace"], await Names(t.Members.Where(m => Sql.Trim(m.Name) == "grace")));
    }

    public sealed class Purchase
    {
        public long Id { get; set; }
        public long MemberId { get; set; }
        public int Amount { get; set; }
    }

    [Theory, AllDatabases]
    public async Task Typed_joins_filter_order_and_project_across_both_tables(Db db)
    {
        await using var t = await MembersAsync(db);
        var purchases = TestDatabase.Table("tq_purchases");
        await t.Database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(purchases)} (id {Sql.Raw(Types.AutoId(db))}, member_id {Sql.Raw(Types.Int(db))} NOT NULL, amount {Sql.Raw(Types.Int(db))} NOT NULL)");
        try
        {
            var ids = (await t.Members.ToListAsync()).ToDictionary(m => m.Name, m => m.Id);
            foreach (var (name, amount) in new[] { ("ada", 10), ("ada", 70), ("grace", 40), ("margaret", 90) })
                await t.Database.From(purchases).InsertAsync(new { MemberId = ids[name], Amount = amount });
            var minimum = 30;

            var big = await t.Members.Join<Purchase>((m, p) => m.Id == p.MemberId, purchases)
                .Where(m => m.Active)
                .Where((Member m, Purchase p) => p.Amount > minimum)
                .OrderByDescending((Member m, Purchase p) => p.Amount)
                .ToListAsync();
            var lines = await t.Members.LeftJoin<Purchase>((m, p) => m.Id == p.MemberId, purchases)
                .Where(m => m.Age < 42)
                .OrderBy(m => m.Name)
                .Select((Member m, Purchase p) => new { m.Name, Amount = (int?)p.Amount })
                .ToListAsync();

            Assert.Equal(["margaret", "ada", "grace"], big.Select(m => m.Name));
            Assert.Equal(ids["margaret"], big[0].Id);
            Assert.Equal([("ada", 10), ("ada", 70), ("alan", (int?)null), ("linus", null)],
                lines.Select(l => (l.Name, l.Amount)).OrderBy(l => l.Name).ThenBy(l => l.Amount));
        }
        finally
        {
            await t.Database.ExecuteAsync($"DROP TABLE {Sql.Identifier(purchases)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Typed_writes_insert_entities_update_with_lambdas_and_delete(Db db)
    {
        await using var t = await MembersAsync(db);

        await t.Members.InsertAsync(new Member { Name = "edsger", Age = 70, Active = true, Tier = Tier.Gold });
        var many = Enumerable.Range(0, 3).Select(i => new Member { Name = $"bulk{i}", Age = 20 + i });
        Assert.Equal(3, await t.Members.InsertManyAsync(many));
        var changed = await t.Members.Where(m => m.Name.StartsWith("bulk")).UpdateAsync(s => s.Set(m => m.Email, "b@x.test").Increment(m => m.Age, 10));
        var deleted = await t.Members.Where(m => m.Name == "bulk1").DeleteAsync();

        var edsger = await t.Members.Where(m => m.Name == "edsger").SingleAsync();
        Assert.True(edsger.Id > 0);
        Assert.Equal((70, true, Tier.Gold, (string?)null), (edsger.Age, edsger.Active, edsger.Tier, edsger.Email));
        Assert.Equal(3, changed);
        Assert.Equal(1, deleted);
        Assert.Equal([30, 32], (await t.Members.Where(m => m.Email == "b@x.test").OrderBy(m => m.Age).ToListAsync()).Select(m => m.Age));
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Members.DeleteAsync());
        Assert.Equal(8, await t.Members.All().UpdateAsync(s => s.Increment(m => m.Score, 0)));
    }

    [Theory, AllDatabases]
    public async Task Hostile_strings_in_typed_joins_and_sql_functions_are_refused_or_sent_as_data(Db db)
    {
        await using var t = await MembersAsync(db);
        string[] hostile = [$"{t.Table}; DROP TABLE {t.Table}", $"{t.Table}\" --", "x` OR 1=1", "\u0440urchases", "1=1", "a%' OR '1'='1"];

        foreach (var evil in hostile)
        {
            Assert.Throws<ArgumentException>(() => t.Members.Join<Purchase>((m, p) => m.Id == p.MemberId, evil));
            Assert.Throws<ArgumentException>(() => t.Database.From<Member>(evil));
            Assert.Empty(await t.Members.Where(m => Sql.Like(m.Name, evil) || Sql.ILike(m.Email, evil) || Sql.Upper(m.Name) == evil).ToListAsync());
            Assert.Equal(0, await t.Members.Where(m => m.Name == evil).UpdateAsync(s => s.Set(m => m.Email, evil)));
        }

        Assert.Equal(5, await t.Members.CountAsync());
        Assert.Equal(4, await t.Members.Where(m => m.Email != null && Sql.Like(m.Email, "%.test")).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task For_update_reads_inside_a_transaction(Db db)
    {
        await using var t = await MembersAsync(db);

        var age = await t.Database.TransactionAsync(async tx =>
        {
            var member = await tx.From<Member>(t.Table).Where(m => m.Name == "ada").ForUpdate().SingleAsync();
            await tx.From(t.Table).Where("id", member.Id).UpdateAsync(new { Age = member.Age + 1 });
            return (await tx.From<Member>(t.Table).Where(m => m.Id == member.Id).SingleAsync()).Age;
        });

        Assert.Equal(37, age);
    }

    private static async Task<Tables> MembersAsync(Db db)
    {
        // snake_case tables written through objects with PascalCase members: the convention is part of the test.
        var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase);
        var tables = new Tables(database, TestDatabase.Table("tq_members"));
        try
        {
            await database.ExecuteAsync(
                $"CREATE TABLE {Sql.Identifier(tables.Table)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, email {Sql.Raw(Types.Text(db))} NULL, age {Sql.Raw(Types.Int(db))} NOT NULL, score {Sql.Raw(Types.Int(db))} NULL, active {Sql.Raw(Types.Bool(db))} NOT NULL, tier {Sql.Raw(Types.Int(db))} NOT NULL DEFAULT 0)");
            foreach (var (name, age, score, active) in new[] { ("ada", 36, (int?)3, true), ("alan", 41, 5, true), ("grace", 45, 9, true), ("linus", 30, null, false), ("margaret", 50, null, true) })
            {
                var email = name == "linus" ? null : $"{name}@{(name is "grace" or "margaret" ? "us" : "uk")}.test";
                await database.From(tables.Table).InsertAsync(new { Name = name, Email = email, Age = age, Score = score, Active = active });
            }
            return tables;
        }
        catch
        {
            await tables.DisposeAsync();
            throw;
        }
    }

    /// <summary>The test table of one test; disposing drops it and closes the database.</summary>
    private sealed class Tables(Database database, string table) : IAsyncDisposable
    {
        public Database Database { get; } = database;

        public string Table { get; } = table;

        public SqlQuery<Member> Members => Database.From<Member>(Table);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(Table)}");
            }
            finally
            {
                await Database.DisposeAsync();
            }
        }
    }
}
