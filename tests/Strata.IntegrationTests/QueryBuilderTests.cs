using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

using Strata.Query;

/// <summary>The query builder against real tables, on every database.</summary>
public class QueryBuilderTests
{
    [Theory, AllDatabases]
    public async Task Where_conditions_select_exactly_the_matching_rows(Db db)
    {
        await using var t = await PeopleAsync(db);

        var adults = await t.People.Where("age", ">=", 40).OrderBy("name").ToListAsync<Person>();
        var grouped = await t.People.Where("country", "uk").Where(g => g.Where("age", "<", 40).OrWhere("name", "like", "al%")).OrderBy("age").ToListAsync<Person>();
        var noCountry = await t.People.WhereNull("country").ToListAsync<Person>();
        var notUk = await t.People.WhereNot(g => g.Where("country", "uk")).WhereNotNull("country").OrderBy("name").ToListAsync<Person>();
        var listed = await t.People.WhereIn("name", new[] { "ada", "grace", "nobody" }).OrderBy("name").ToListAsync<Person>();
        var between = await t.People.WhereBetween("age", 36, 45).OrderBy("age").ToListAsync<Person>();
        var raw = await t.People.WhereRaw($"{Sql.Identifier("age")} % {2} = {0}").OrderBy("age").ToListAsync<Person>();

        Assert.Equal(["alan", "grace", "margaret"], adults.Select(p => p.Name));
        Assert.Equal(["ada", "alan"], grouped.Select(p => p.Name));
        Assert.Equal(["linus"], noCountry.Select(p => p.Name));
        Assert.Equal(["grace", "margaret"], notUk.Select(p => p.Name));
        Assert.Equal(["ada", "grace"], listed.Select(p => p.Name));
        Assert.Equal([36, 41, 45], between.Select(p => p.Age));
        Assert.Equal([30, 36, 50], raw.Select(p => p.Age));
    }

    [Theory, AllDatabases]
    public async Task Empty_in_lists_match_nothing_and_their_negation_everything(Db db)
    {
        await using var t = await PeopleAsync(db);

        Assert.Equal(0, await t.People.WhereIn("id", Array.Empty<long>()).CountAsync());
        Assert.Equal(5, await t.People.WhereNotIn("id", Array.Empty<long>()).CountAsync());
        Assert.Equal(5, await t.People.WhereNot(g => g.WhereIn("id", Array.Empty<long>())).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Limit_and_offset_page_through_ordered_rows(Db db)
    {
        await using var t = await PeopleAsync(db);
        var ordered = t.People.Select("name").OrderBy("age");

        var first = await ordered.Limit(2).ToListAsync<string>();
        var second = await ordered.Limit(2).Offset(2).ToListAsync<string>();
        var rest = await ordered.Offset(4).ToListAsync<string>();
        var none = await ordered.Limit(0).ToListAsync<string>();

        Assert.Equal(["linus", "ada"], first);
        Assert.Equal(["alan", "grace"], second);
        Assert.Equal(["margaret"], rest);
        Assert.Empty(none);
    }

    [Theory, AllDatabases]
    public async Task Select_distinct_and_aliases_shape_the_rows(Db db)
    {
        await using var t = await PeopleAsync(db);

        var countries = await t.People.Select("country").Distinct().WhereNotNull("country").OrderBy("country").ToListAsync<string>();
        var aliased = await t.People.SelectAs("name", "label").SelectAs("age", "years").Where("name", "ada").SingleAsync<Labelled>();

        Assert.Equal(["uk", "us"], countries);
        Assert.Equal(new Labelled("ada", 36), aliased);
    }

    [Theory, AllDatabases]
    public async Task Inner_and_left_joins_match_rows_across_tables(Db db)
    {
        await using var t = await PeopleAsync(db);
        var p = t.PeopleTable;
        var o = t.OrdersTable;

        var inner = await t.People.Select($"{p}.name").SelectAs($"{o}.total", "total").Join(o, $"{p}.id", "=", $"{o}.person_id")
            .Where($"{o}.total", ">", 5).OrderBy($"{o}.total").ToListAsync<NameTotal>();
        var left = await t.People.Select($"{p}.name").LeftJoin(o, $"{p}.id", "=", $"{o}.person_id").WhereNull($"{o}.id").OrderBy($"{p}.name").ToListAsync<string>();

        Assert.Equal([new NameTotal("ada", 10), new NameTotal("ada", 20), new NameTotal("margaret", 100)], inner);
        Assert.Equal(["alan", "linus"], left);
    }

    [Theory, AllDatabases]
    public async Task Group_by_and_having_aggregate_per_group(Db db)
    {
        await using var t = await PeopleAsync(db);

        var perCountry = await t.People.Select("country").SelectRaw($"COUNT(*)", "people").WhereNotNull("country")
            .GroupBy("country").Having($"COUNT(*) >= {2}").Having($"MAX({Sql.Identifier("age")}) > {45}").ToListAsync<CountryCount>();
        var groups = await t.People.Select("country").GroupBy("country").CountAsync();

        Assert.Equal([new CountryCount("us", 2)], perCountry);
        Assert.Equal(3, groups);
    }

    [Theory, AllDatabases]
    public async Task Count_exists_first_and_single(Db db)
    {
        await using var t = await PeopleAsync(db);

        Assert.Equal(5, await t.People.CountAsync());
        Assert.Equal(2, await t.People.Where("country", "uk").CountAsync());
        Assert.Equal(2, await t.People.OrderBy("age").Limit(10).Offset(3).CountAsync());
        Assert.True(await t.People.Where("name", "grace").ExistsAsync());
        Assert.False(await t.People.Where("age", ">", 100).ExistsAsync());
        Assert.False(await t.People.OrderBy("id").Offset(5).ExistsAsync());
        Assert.Equal("linus", (await t.People.OrderBy("age").FirstAsync<Person>()).Name);
        Assert.Equal("margaret", (await t.People.OrderByDescending("age").FirstOrDefaultAsync<Person>())!.Name);
        Assert.Null(await t.People.Where("age", ">", 100).FirstOrDefaultAsync<Person>());
        Assert.Equal(45, (await t.People.Where("name", "grace").SingleAsync<Person>()).Age);
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.People.Where("age", ">", 100).FirstAsync<Person>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.People.Where("country", "uk").SingleAsync<Person>());
        var streamed = new List<string>();
        await foreach (var name in t.People.Select("name").OrderBy("name").Limit(2).StreamAsync<string>()) streamed.Add(name);
        Assert.Equal(["ada", "alan"], streamed);
    }

    [Theory, AllDatabases]
    public async Task Insert_update_and_delete_affect_exactly_the_matched_rows(Db db)
    {
        await using var t = await PeopleAsync(db);

        Assert.Equal(1, await t.People.InsertAsync(new { Name = "barbara", Age = 29, Country = "us" }));
        Assert.Equal(2, await t.People.Where("country", "uk").UpdateAsync(new Dictionary<string, object?> { ["age"] = (Sql)$"{Sql.Identifier("age")} + {1}" }));
        Assert.Equal(1, await t.People.Where("name", "linus").UpdateAsync(new { Country = "fi" }));
        Assert.Equal(2, await t.People.Where("age", "<", 30).OrWhere("name", "grace").DeleteAsync());

        var rows = await t.People.OrderBy("name").ToListAsync<Person>();
        Assert.Equal(
            [("ada", 37, "uk"), ("alan", 42, "uk"), ("linus", 30, "fi"), ("margaret", 50, "us")],
            rows.Select(r => (r.Name, r.Age, r.Country)));
        Assert.Equal(0, await t.People.Where("name", "nobody").DeleteAsync());
    }

    [Theory, AllDatabases]
    public async Task Update_and_delete_without_a_condition_are_refused_and_change_nothing(Db db)
    {
        await using var t = await PeopleAsync(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.People.DeleteAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.People.UpdateAsync(new { Age = 1 }));
        Assert.Equal(5, await t.People.Where("age", ">", 1).CountAsync());

        Assert.Equal(5, await t.People.All().UpdateAsync(new { Country = "xx" }));
        Assert.Equal(5, await t.People.All().DeleteAsync());
        Assert.Equal(0, await t.People.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Queries_from_a_transaction_run_inside_it(Db db)
    {
        await using var t = await PeopleAsync(db);

        await using (var tx = await t.Database.BeginTransactionAsync())
        {
            var locked = await tx.From(t.PeopleTable).Where("name", "ada").ForUpdate().SingleAsync<Person>();
            await tx.From(t.PeopleTable).Where("id", locked.Id).UpdateAsync(new { Age = 99 });
            await tx.From(t.PeopleTable).InsertAsync(new { Name = "temp", Age = 1 });
            Assert.Equal(6, await tx.From(t.PeopleTable).CountAsync());
            await tx.RollbackAsync();
        }

        Assert.Equal(5, await t.People.CountAsync());
        Assert.Equal(36, (await t.People.Where("name", "ada").SingleAsync<Person>()).Age);
    }

    [Theory, ServerDatabases]
    public async Task ForUpdate_holds_the_selected_rows_until_the_transaction_ends(Db db)
    {
        await using var t = await PeopleAsync(db);
        var ada = await t.People.Where("name", "ada").SingleAsync<Person>();
        var alan = await t.People.Where("name", "alan").SingleAsync<Person>();
        // Locked by key: without an index InnoDB's locking read would lock every row it scans.
        await using var holder = await t.Database.BeginTransactionAsync();
        Assert.Equal(36, (await holder.From(t.PeopleTable).Where("id", ada.Id).ForUpdate().SingleAsync<Person>()).Age);

        await using var other = await t.Database.BeginTransactionAsync();
        await other.ExecuteAsync(Sql.Raw(db == Db.Postgres ? "SET LOCAL lock_timeout = '300ms'" : "SET SESSION innodb_lock_wait_timeout = 1"));
        Assert.Equal(1, await other.From(t.PeopleTable).Where("id", alan.Id).UpdateAsync(new { Age = 1 }));
        await Assert.ThrowsAsync<LockTimeoutException>(() => other.From(t.PeopleTable).Where("id", ada.Id).UpdateAsync(new { Age = 1 }));
    }

    [Theory, AllDatabases]
    public async Task Hostile_identifiers_are_refused_before_anything_runs(Db db)
    {
        await using var t = await PeopleAsync(db);
        string[] hostile = [$"{t.PeopleTable}; DROP TABLE {t.PeopleTable}", $"{t.PeopleTable}\" --", "x` OR 1=1", "\u0440eople", "1=1"];

        foreach (var evil in hostile)
        {
            Assert.Throws<ArgumentException>(() => t.Database.From(evil));
            Assert.Throws<ArgumentException>(() => t.People.Where(evil, 1));
            Assert.Throws<ArgumentException>(() => t.People.Where("name", evil, 1));
            Assert.Throws<ArgumentException>(() => t.People.OrderBy(evil));
            await Assert.ThrowsAsync<ArgumentException>(() => t.People.InsertAsync(new Dictionary<string, object?> { [evil] = 1 }));
        }
        Assert.Equal(5, await t.People.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Hostile_values_are_data_and_change_nothing_else(Db db)
    {
        await using var t = await PeopleAsync(db);
        string[] hostile =
        [
            "x'; DROP TABLE people; --",
            "' OR '1'='1",
            "\" OR \"\"=\"",
            "`; DELETE FROM people; #",
            "1=1 /* c */",
            "\uff07 OR 1=1 --",
            "ada' --",
        ];

        foreach (var evil in hostile)
        {
            Assert.Equal(0, await t.People.Where("name", evil).CountAsync());
            Assert.Equal(0, await t.People.Where("name", "like", evil).OrWhereIn("name", new[] { evil }).CountAsync());
            Assert.Equal(0, await t.People.Where("name", evil).UpdateAsync(new { Age = 0 }));
            Assert.Equal(0, await t.People.Where("name", evil).DeleteAsync());
            Assert.Equal(1, await t.People.InsertAsync(new { Name = evil, Age = 7, Country = evil }));
        }

        Assert.Equal(5 + hostile.Length, await t.People.CountAsync());
        foreach (var evil in hostile)
        {
            var row = await t.People.Where("name", evil).SingleAsync<Person>();
            Assert.Equal(evil, row.Country);
            Assert.Equal(1, await t.People.Where("name", evil).DeleteAsync());
        }
        var survivors = await t.People.OrderBy("name").ToListAsync<Person>();
        Assert.Equal(["ada", "alan", "grace", "linus", "margaret"], survivors.Select(p => p.Name));
        Assert.Equal([36, 41, 45, 30, 50], survivors.Select(p => p.Age));
        Assert.Equal(4, await t.Database.From(t.OrdersTable).CountAsync());
    }

    public sealed record Person(long Id, string Name, int Age, string? Country);

    public sealed record Labelled(string Label, int Years);

    public sealed record NameTotal(string Name, int Total);

    public sealed record CountryCount(string Country, long People);

    private static async Task<Tables> PeopleAsync(Db db)
    {
        // snake_case tables written through objects with PascalCase members: the convention is part of the test.
        var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase);
        var tables = new Tables(database, TestDatabase.Table("qb_people"), TestDatabase.Table("qb_orders"));
        try
        {
            await database.ExecuteAsync(
                $"CREATE TABLE {Sql.Identifier(tables.PeopleTable)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, age {Sql.Raw(Types.Int(db))} NOT NULL, country {Sql.Raw(Types.Text(db))} NULL)");
            await database.ExecuteAsync(
                $"CREATE TABLE {Sql.Identifier(tables.OrdersTable)} (id {Sql.Raw(Types.AutoId(db))}, person_id {Sql.Raw(Types.BigInt(db))} NOT NULL, total {Sql.Raw(Types.Int(db))} NOT NULL)");
            var ids = new Dictionary<string, long>();
            foreach (var (name, age, country) in new[] { ("ada", 36, "uk"), ("alan", 41, "uk"), ("grace", 45, "us"), ("linus", 30, (string?)null), ("margaret", 50, "us") })
            {
                await tables.People.InsertAsync(new { Name = name, Age = age, Country = country });
                ids[name] = await tables.People.Select("id").Where("name", name).SingleAsync<long>();
            }
            foreach (var (name, total) in new[] { ("ada", 10), ("ada", 20), ("grace", 5), ("margaret", 100) })
                await database.From(tables.OrdersTable).InsertAsync(new { PersonId = ids[name], Total = total });
            return tables;
        }
        catch
        {
            await tables.DisposeAsync();
            throw;
        }
    }

    /// <summary>The two test tables of one test; disposing drops them and closes the database.</summary>
    private sealed class Tables(Database database, string people, string orders) : IAsyncDisposable
    {
        public Database Database { get; } = database;

        public string PeopleTable { get; } = people;

        public string OrdersTable { get; } = orders;

        public SqlQuery People => Database.From(PeopleTable);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(OrdersTable)}");
                await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(PeopleTable)}");
            }
            finally
            {
                await Database.DisposeAsync();
            }
        }
    }
}
