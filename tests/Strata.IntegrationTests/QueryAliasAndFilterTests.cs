using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>Table aliases, equality conditions from objects and dictionaries, the LIKE family, HAVING built like WHERE and the
/// case-insensitive Contains of typed lambdas, against real tables on every database.</summary>
public class QueryAliasAndFilterTests
{
    [Theory, AllDatabases]
    public async Task Aliased_tables_join_select_filter_and_count_by_their_aliases(Db db)
    {
        await using var t = await StaffAsync(db);

        var rows = await t.Database.From(t.StaffTable, "s").LeftJoin($"{t.OrgsTable} AS o", "s.org_id", "=", "o.id")
            .Select("s.name").SelectAs("o.name", "org").Where("s.age", ">", 30).OrderBy("s.name").ToListAsync<NameOrg>();
        var bosses = await t.Database.From($"{t.StaffTable} AS e").Join($"{t.StaffTable} m", "e.manager_id", "=", "m.id")
            .Select("e.name").SelectAs("m.name", "org").OrderBy("e.name").ToListAsync<NameOrg>();
        var counted = await t.Database.From($"{t.StaffTable} AS s").Join($"{t.OrgsTable} AS o", "s.org_id", "=", "o.id").Where("o.name", "Acme").CountAsync();
        var oldest = await t.Database.From(t.StaffTable).As("s").Where("s.org_id", t.Acme).MaxAsync<int>("s.age");

        Assert.Equal([new NameOrg("100% Grace", null), new NameOrg("ALAN turing", "Acme"), new NameOrg("Ada Lovelace", "Acme")],
            rows.OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Equal([new NameOrg("ALAN turing", "Ada Lovelace"), new NameOrg("Linus", "Ada Lovelace")], bosses.OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Equal(2, counted);
        Assert.Equal(41, oldest);
    }

    [Theory, AllDatabases]
    public async Task Where_with_an_object_or_dictionary_matches_equal_columns_and_null_as_is_null(Db db)
    {
        await using var t = await StaffAsync(db);

        var acme = await t.Staff.Where(new { OrgId = t.Acme, ManagerId = (long?)null }).Select("name").ToListAsync<string>();
        var filters = new Dictionary<string, object?> { ["s.org_id"] = null, ["s.age"] = 45 };
        var unaffiliated = await t.Database.From(t.StaffTable, "s").Where(filters).Select("s.name").ToListAsync<string>();
        var either = await t.Staff.Where(new { age = 36 }).OrWhere(new { org_id = (long?)null, age = 45 }).OrderBy("age").Select("name").ToListAsync<string>();
        var typed = await t.Database.From<Person>(t.StaffTable).Where(new Dictionary<string, object?> { ["age"] = 30 }).ToListAsync();

        Assert.Equal(["Ada Lovelace"], acme);
        Assert.Equal(["100% Grace"], unaffiliated);
        Assert.Equal(["Ada Lovelace", "100% Grace"], either);
        Assert.Equal(["Linus"], typed.Select(p => p.Name));
    }

    [Theory, AllDatabases]
    public async Task Like_and_ilike_families_match_patterns(Db db)
    {
        await using var t = await StaffAsync(db);

        async Task<string[]> Names(SqlQuery query) => [.. (await query.Select("name").ToListAsync<string>()).Order(StringComparer.Ordinal)];

        Assert.Equal(["100% Grace", "Ada Lovelace", "Linus"], await Names(t.Staff.WhereLike("name", "%a%").WhereNotLike("name", "%turing").OrWhereLike("name", "L_nus")));
        Assert.Equal(["ALAN turing", "Ada Lovelace"], await Names(t.Staff.WhereILike("name", "a%").OrWhereILike("name", "nobody")));
        Assert.Equal(["100% Grace", "Linus"], await Names(t.Staff.WhereNotILike("name", "a%")));
        Assert.Equal(["100% Grace", "ALAN turing", "Linus"], await Names(t.Staff.WhereNotILike("name", "%LOVE%").OrWhereNotILike("name", "%")));
        Assert.Equal(["ALAN turing", "Ada Lovelace", "Linus"], await Names(t.Staff.WhereNotLike("name", "100%").OrWhereNotLike("name", "%")));
    }

    [Theory, AllDatabases]
    public async Task Contains_ignoring_case_matches_any_case_and_escapes_wildcards(Db db)
    {
        await using var t = await StaffAsync(db);
        var staff = t.Database.From<Person>(t.StaffTable);

        var love = await staff.Where(p => p.Name.Contains("LOVE", StringComparison.OrdinalIgnoreCase)).ToListAsync();
        var alan = await staff.Where(p => p.Name.StartsWith("alan", StringComparison.OrdinalIgnoreCase)).ToListAsync();
        var turing = await staff.Where(p => p.Name.EndsWith("TURING", StringComparison.InvariantCultureIgnoreCase)).ToListAsync();
        var percent = await staff.Where(p => p.Name.Contains("0% g", StringComparison.OrdinalIgnoreCase)).ToListAsync();
        var wildcard = await staff.Where(p => p.Name.Contains('%', StringComparison.OrdinalIgnoreCase) || p.Name.Contains("l_n", StringComparison.OrdinalIgnoreCase)).ToListAsync();

        Assert.Equal(["Ada Lovelace"], love.Select(p => p.Name));
        Assert.Equal(["ALAN turing"], alan.Select(p => p.Name));
        Assert.Equal(["ALAN turing"], turing.Select(p => p.Name));
        Assert.Equal(["100% Grace"], percent.Select(p => p.Name));
        Assert.Equal(["100% Grace"], wildcard.Select(p => p.Name));
    }

    [Theory, AllDatabases]
    public async Task Having_filters_groups_with_the_where_family(Db db)
    {
        await using var t = await StaffAsync(db);

        var groups = await t.Database.From(t.StaffTable, "s").Select("s.org_id").SelectRaw($"COUNT(*)", "people").WhereNotNull("s.org_id")
            .GroupBy("s.org_id").Having(h => h.WhereIn("s.org_id", new[] { t.Acme, t.Initech }).WhereRaw($"COUNT(*) > {1}")).ToListAsync<OrgCount>();

        Assert.Equal([new OrgCount(t.Acme, 2)], groups);
    }

    [Theory, AllDatabases]
    public async Task Typed_queries_join_by_aliases(Db db)
    {
        await using var t = await StaffAsync(db);

        var rows = await t.Database.From<Person>($"{t.StaffTable} AS p").Join<Org>((p, o) => p.OrgId == o.Id, $"{t.OrgsTable} AS o")
            .Where<Org>((p, o) => o.Name == "Acme" && p.Name.Contains("ada", StringComparison.OrdinalIgnoreCase)).ToListAsync();

        Assert.Equal(["Ada Lovelace"], rows.Select(p => p.Name));
    }

    public sealed record NameOrg(string Name, string? Org);

    public sealed record OrgCount(long OrgId, long People);

    public sealed class Person
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public int Age { get; set; }
        public long? OrgId { get; set; }
        public long? ManagerId { get; set; }
    }

    public sealed class Org
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
    }

    private static async Task<Tables> StaffAsync(Db db)
    {
        var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase); // typed members name snake_case columns
        var t = new Tables(database, TestDatabase.Table("qa_staff"), TestDatabase.Table("qa_orgs"));
        try
        {
            await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(t.OrgsTable)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL)");
            await database.ExecuteAsync(
                $"CREATE TABLE {Sql.Identifier(t.StaffTable)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, age {Sql.Raw(Types.Int(db))} NOT NULL, " +
                $"org_id {Sql.Raw(Types.BigInt(db))} NULL, manager_id {Sql.Raw(Types.BigInt(db))} NULL)");
            t.Acme = await OrgAsync(database, t.OrgsTable, "Acme");
            t.Initech = await OrgAsync(database, t.OrgsTable, "Initech");
            var ada = await PersonAsync(database, t.StaffTable, new { name = "Ada Lovelace", age = 36, org_id = t.Acme, manager_id = (long?)null });
            await PersonAsync(database, t.StaffTable, new { name = "ALAN turing", age = 41, org_id = t.Acme, manager_id = (long?)ada });
            await PersonAsync(database, t.StaffTable, new { name = "100% Grace", age = 45, org_id = (long?)null, manager_id = (long?)null });
            await PersonAsync(database, t.StaffTable, new { name = "Linus", age = 30, org_id = t.Initech, manager_id = (long?)ada });
            return t;
        }
        catch
        {
            await t.DisposeAsync();
            throw;
        }
    }

    private static async Task<long> OrgAsync(Database database, string table, string name)
    {
        await database.From(table).InsertAsync(new { name });
        return await database.From(table).Select("id").Where("name", name).SingleAsync<long>();
    }

    private static async Task<long> PersonAsync(Database database, string table, object values)
    {
        await database.From(table).InsertAsync(values);
        return await database.From(table).MaxAsync<long>("id");
    }

    /// <summary>The two tables of one test; disposing drops them and closes the database.</summary>
    private sealed class Tables(Database database, string staff, string orgs) : IAsyncDisposable
    {
        public Database Database { get; } = database;

        public string StaffTable { get; } = staff;

        public string OrgsTable { get; } = orgs;

        public long Acme { get; set; }

        public long Initech { get; set; }

        public SqlQuery Staff => Database.From(StaffTable);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(StaffTable)}");
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(OrgsTable)}");
            }
            finally
            {
                await Database.DisposeAsync();
            }
        }
    }
}
