using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.ColumnTypes;

/// <summary>
/// JSON values written and read through System.Text.Json on every database: documents, elements and nodes, POCOs marked with
/// [JsonColumn] or listed in the options, through raw SQL, row mapping, the builder, repositories and bulk inserts.
/// </summary>
public class JsonColumnTests
{
    /// <summary>The JSON column type: jsonb on PostgreSQL, JSON on MariaDB, TEXT on SQLite.</summary>
    internal static string JsonType(Db db) => db switch { Db.Postgres => "JSONB", Db.MariaDb => "JSON", _ => "TEXT" };

    public sealed record Address(string Street, string City, string? Zip);

    public sealed class Profile
    {
        public string Name { get; set; } = "";
        public string? FavouriteColour { get; set; }
        public Address? Home { get; set; }
        public List<Address> Previous { get; set; } = [];
        public List<string?> Tags { get; set; } = [];
        public Dictionary<string, int> Scores { get; set; } = [];
        public int? Age { get; set; }
        public DateTimeOffset Since { get; set; }
    }

    public sealed class Customer
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        [JsonColumn] public Profile? Profile { get; set; }
        public JsonDocument? Extra { get; set; }
    }

    /// <summary>A record whose positional parameter is marked: the attribute lands on the parameter.</summary>
    public sealed record CustomerRow(long Id, string Name, [JsonColumn] Profile? Profile, JsonNode? Extra);

    public sealed record DocumentRow(int Id, JsonDocument? Doc);

    public sealed record ProfileRow([JsonColumn] Profile Profile);

    public sealed class ElementRow
    {
        public int Id { get; set; }
        public JsonElement? Doc { get; set; }
        public JsonNode? Node { get; set; }
    }

    private static Profile Sample(string name, int seed) => new()
    {
        Name = name,
        FavouriteColour = seed % 2 == 0 ? null : "teal",
        Home = seed % 3 == 0 ? null : new Address($"{seed} Main St", "Paris", seed % 2 == 0 ? null : "75001"),
        Previous = [new Address("Old Rd", "Lyon", null), new Address("Elm", "Nice", "06000")],
        Tags = ["a", null, "Grüße 🌍 \"quoted\""],
        Scores = new() { ["math"] = seed, ["art"] = -seed },
        Age = seed % 2 == 0 ? null : 30 + seed,
        Since = new DateTimeOffset(2024, 2, 29, 13, 45, 30, TimeSpan.FromHours(5.5)),
    };

    /// <summary>The profile as a JSON tree, for comparing as documents: PostgreSQL's jsonb does not keep the order of keys.</summary>
    private static JsonNode? Text(Profile? profile) => JsonSerializer.SerializeToNode(profile);

    private static void Same(Profile? expected, Profile? actual) =>
        Assert.True(JsonNode.DeepEquals(Text(expected), Text(actual)), $"{Text(expected)?.ToJsonString()} was read back as {Text(actual)?.ToJsonString()}");

    [Theory, AllDatabases]
    public async Task Documents_elements_and_nodes_round_trip_through_raw_SQL(Db db)
    {
        await using var t = await TableAsync(db, "json_docs", $"id INTEGER NOT NULL, doc {JsonType(db)} NULL, node {JsonType(db)} NULL");
        using var document = JsonDocument.Parse("""{"a": 1, "b": [true, null, "x"], "c": {"d": 2.5}}""");
        var element = document.RootElement.GetProperty("c");
        var node = new JsonObject { ["name"] = "Ada", ["tags"] = new JsonArray("x", "y") };
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc, node) VALUES ({1}, {document}, {node})");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc, node) VALUES ({2}, {element}, {new JsonArray(1, 2)})");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc, node) VALUES ({3}, {(JsonDocument?)null}, {(JsonNode?)null})");

        var rows = await t.Db.QueryAsync<DocumentRow>($"SELECT id, doc FROM {Sql.Identifier(t.Name)} ORDER BY id");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document.RootElement.GetRawText()), JsonNode.Parse(rows[0].Doc!.RootElement.GetRawText())));
        Assert.Equal(2.5, rows[1].Doc!.RootElement.GetProperty("d").GetDouble());
        Assert.Null(rows[2].Doc);

        var elements = await t.Db.QueryAsync<ElementRow>($"SELECT id, doc, node FROM {Sql.Identifier(t.Name)} ORDER BY id");
        Assert.Equal(JsonValueKind.Object, elements[0].Doc!.Value.ValueKind);
        Assert.Equal("Ada", (string?)elements[0].Node!["name"]);
        Assert.True(JsonNode.DeepEquals(new JsonArray(1, 2), elements[1].Node));
        Assert.Null(elements[2].Doc);
        Assert.Null(elements[2].Node);

        using var scalar = await t.Db.ScalarAsync<JsonDocument>($"SELECT doc FROM {Sql.Identifier(t.Name)} WHERE id = {1}");
        Assert.Equal(1, scalar!.RootElement.GetProperty("a").GetInt32());
        var documents = await t.Db.QueryAsync<JsonDocument>($"SELECT doc FROM {Sql.Identifier(t.Name)} WHERE id < {3} ORDER BY id");
        Assert.Equal(2, documents.Count);
        var objects = await t.Db.QueryAsync<JsonObject>($"SELECT node FROM {Sql.Identifier(t.Name)} WHERE id = {1}");
        Assert.Equal("y", (string?)objects[0]["tags"]![1]);
        var first = await t.Db.ScalarAsync<JsonElement>($"SELECT doc FROM {Sql.Identifier(t.Name)} WHERE id = {2}");
        Assert.Equal(2.5, first.GetProperty("d").GetDouble());
        await using (var reader = await t.Db.QueryRowsAsync($"SELECT node FROM {Sql.Identifier(t.Name)} WHERE id = {2}"))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2, reader.Get<JsonArray>(0).Count);
        }
    }

    [Theory, AllDatabases]
    public async Task A_nested_POCO_with_lists_and_nulls_round_trips_through_every_write_path(Db db)
    {
        await using var t = await TableAsync(db, "json_customers", $"id {Types.AutoId(db)}, name {Types.Text(db)} NOT NULL, profile {JsonType(db)} NULL, extra {JsonType(db)} NULL");
        var repository = new Repository<Customer, long>(t.Db, new RepositoryOptions { Table = t.Name });
        using var extra = JsonDocument.Parse("""{"source": "import"}""");

        var created = await repository.CreateAsync(new Customer { Name = "repository", Profile = Sample("Ada", 1), Extra = extra });
        await t.Db.From<Customer>(t.Name).InsertAsync(new Customer { Name = "typed insert", Profile = Sample("Grace", 2) });
        await t.Db.From(t.Name).InsertAsync(new { name = "by name", profile = Sql.Json(Sample("Alan", 3)) });
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (name, profile) VALUES ({"raw"}, {Sql.Json(Sample("Linus", 4))})");
        await t.Db.BulkInsertAsync(t.Name, new[] { new Customer { Name = "bulk", Profile = Sample("Margaret", 5) }, new Customer { Name = "bulk null" } });

        var found = await repository.FindByIdAsync(created.Id);
        Same(Sample("Ada", 1), found!.Profile);
        Assert.Equal("import", found.Extra!.RootElement.GetProperty("source").GetString());

        found.Profile = Sample("Ada King", 7);
        await repository.UpdateAsync(found);
        await t.Db.From<Customer>(t.Name).Where(c => c.Name == "typed insert").UpdateAsync(s => s.Set(c => c.Profile, Sample("Grace Hopper", 8)));
        await t.Db.From(t.Name).Where("name", "by name").UpdateAsync(new { profile = Sql.Json(Sample("Alan Turing", 9)) });

        var expected = new Dictionary<string, Profile?>
        {
            ["repository"] = Sample("Ada King", 7),
            ["typed insert"] = Sample("Grace Hopper", 8),
            ["by name"] = Sample("Alan Turing", 9),
            ["raw"] = Sample("Linus", 4),
            ["bulk"] = Sample("Margaret", 5),
            ["bulk null"] = null,
        };
        var customers = await t.Db.QueryAsync<Customer>($"SELECT * FROM {Sql.Identifier(t.Name)}");
        Assert.Equal(expected.Count, customers.Count);
        foreach (var customer in customers) Same(expected[customer.Name], customer.Profile);
        var records = await t.Db.QueryAsync<CustomerRow>($"SELECT id, name, profile, extra FROM {Sql.Identifier(t.Name)}");
        foreach (var row in records) Same(expected[row.Name], row.Profile);
        Assert.Equal("import", (string?)records.Single(r => r.Name == "repository").Extra!["source"]);
        var typed = await t.Db.From<Customer>(t.Name).Where(c => c.Profile == null).ToListAsync();
        Assert.Equal("bulk null", Assert.Single(typed).Name);
    }

    [Theory, AllDatabases]
    public async Task Types_listed_in_the_options_are_JSON_without_an_attribute(Db db)
    {
        await using var t = await TableAsync(db, "json_mapped", $"id INTEGER NOT NULL, home {JsonType(db)} NULL", o => o.Json.Map<Address>());
        var home = new Address("1 Main St", "Paris", null);
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, home) VALUES ({1}, {home})");
        await t.Db.From(t.Name).InsertAsync(new { id = 2, home = new Address("2 Side St", "Lyon", "69001") });
        await t.Db.BulkInsertAsync(t.Name, ["id", "home"], [[3, new Address("3 Quay", "Nice", null)]]);

        Assert.Equal(home, await t.Db.ScalarAsync<Address>($"SELECT home FROM {Sql.Identifier(t.Name)} WHERE id = {1}"));
        Assert.Equal(["Paris", "Lyon", "Nice"], (await t.Db.QueryAsync<Address>($"SELECT home FROM {Sql.Identifier(t.Name)} ORDER BY id")).Select(a => a.City));
        var tuples = await t.Db.QueryAsync<(int Id, Address Home)>($"SELECT id, home FROM {Sql.Identifier(t.Name)} WHERE id = {2}");
        Assert.Equal(new Address("2 Side St", "Lyon", "69001"), tuples[0].Home);
        Assert.Equal(1, await t.Db.From(t.Name).Where("home", new Address("2 Side St", "Lyon", "69001")).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Each_database_writes_JSON_with_its_own_serializer_options(Db db)
    {
        await using var t = await TableAsync(db, "json_options", $"id INTEGER NOT NULL, profile {JsonType(db)} NULL");
        await using var snake = await TestDatabase.OpenAsync(db, o =>
        {
            o.Url = t.Url;
            o.Json.SerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        });
        var profile = Sample("Ada", 1);
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, profile) VALUES ({1}, {Sql.Json(profile)})");
        await snake.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, profile) VALUES ({2}, {Sql.Json(profile)})");

        var texts = await t.Db.QueryAsync<string>($"SELECT {Sql.Raw(db == Db.Postgres ? "CAST(profile AS text)" : "profile")} FROM {Sql.Identifier(t.Name)} ORDER BY id");
        Assert.Contains("\"favouriteColour\"", texts[0], StringComparison.Ordinal);
        Assert.Contains("\"favourite_colour\"", texts[1], StringComparison.Ordinal);
        // Each reads its own back; the other's names do not match a member (reading ignores case, not underscores).
        Same(profile, (await snake.QuerySingleAsync<ProfileRow>($"SELECT profile FROM {Sql.Identifier(t.Name)} WHERE id = {2}")).Profile);
        Same(profile, (await t.Db.QuerySingleAsync<ProfileRow>($"SELECT profile FROM {Sql.Identifier(t.Name)} WHERE id = {1}")).Profile);
        Assert.Null((await t.Db.QuerySingleAsync<ProfileRow>($"SELECT profile FROM {Sql.Identifier(t.Name)} WHERE id = {2}")).Profile.FavouriteColour);
    }

    [Theory, AllDatabases]
    public async Task A_JSON_column_compares_with_a_JSON_parameter(Db db)
    {
        // PostgreSQL's json (not jsonb) has no = operator at all: the builder compares it as jsonb.
        var legacy = db == Db.Postgres ? "JSON" : JsonType(db);
        await using var t = await TableAsync(db, "json_compare", $"id INTEGER NOT NULL, doc {JsonType(db)} NULL, legacy {legacy} NULL");
        using var stored = JsonDocument.Parse("""{"a":1,"b":[1,2]}""");
        using var other = JsonDocument.Parse("""{"a":2}""");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc, legacy) VALUES ({1}, {stored}, {stored})");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc, legacy) VALUES ({2}, {other}, {other})");
        // A NULL document equals nothing and differs from nothing (MariaDB's JSON_EQUALS alone in a WHERE would match it).
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id) VALUES ({3})");
        using var probe = JsonDocument.Parse("""{ "a": 1, "b": [ 1, 2 ] }""");

        Assert.Equal([1], await t.Db.From(t.Name).Where("doc", probe).Select("id").ToListAsync<int>());
        Assert.Equal([1], await t.Db.From(t.Name).Where("legacy", probe).Select("id").ToListAsync<int>());
        Assert.Equal([2], await t.Db.From(t.Name).Where("legacy", "<>", JsonNode.Parse("""{"a":1,"b":[1,2]}""")).Select("id").ToListAsync<int>());
        Assert.Equal([1], await t.Db.From(t.Name).Where(new { legacy = Sql.Json(new { a = 1, b = new[] { 1, 2 } }) }).Select("id").ToListAsync<int>());
        if (db == Db.Postgres)
        {
            // Raw SQL names the cast itself.
            Assert.Equal(1, await t.Db.ScalarAsync<int>($"SELECT id FROM {Sql.Identifier(t.Name)} WHERE legacy::jsonb = {probe}"));
            Assert.Equal(1, await t.Db.ScalarAsync<int>($"SELECT id FROM {Sql.Identifier(t.Name)} WHERE doc = {probe}"));
        }
    }

    [Theory, AllDatabases]
    public async Task Bulk_inserts_write_JSON_into_every_JSON_column_type(Db db)
    {
        var legacy = db == Db.Postgres ? "JSON" : JsonType(db);
        await using var t = await TableAsync(db, "json_bulk", $"id INTEGER NOT NULL, doc {JsonType(db)} NULL, legacy {legacy} NULL");
        var rows = Enumerable.Range(1, 3).Select(i => new object?[] { i, i == 2 ? null : JsonDocument.Parse($$"""{"n":{{i}}}"""), Sql.Json(new { n = i * 10 }) }).ToList();
        Assert.Equal(3, await t.Db.BulkInsertAsync(t.Name, ["id", "doc", "legacy"], rows));

        var read = await t.Db.QueryAsync<(int Id, JsonNode? Doc, JsonNode? Legacy)>($"SELECT id, doc, legacy FROM {Sql.Identifier(t.Name)} ORDER BY id");
        Assert.Equal([1, null, 3], read.Select(r => (int?)r.Doc?["n"]));
        Assert.Equal([10, 20, 30], read.Select(r => (int)r.Legacy!["n"]!));
    }

    [Theory, AllDatabases]
    public async Task A_prepared_statement_binds_JSON_on_every_run(Db db)
    {
        await using var t = await TableAsync(db, "json_prepared", $"id INTEGER NOT NULL, doc {JsonType(db)} NULL");
        await using (var insert = await t.Db.PrepareAsync($"INSERT INTO {Sql.Identifier(t.Name)} (id, doc) VALUES ({0}, {Sql.Json(new { n = 0 })})"))
        {
            await insert.ExecuteAsync(1, Sql.Json(new { n = 1 }));
            await insert.ExecuteAsync(2, null);
            await insert.ExecuteAsync(3, JsonNode.Parse("""{"n":3}"""));
        }
        var read = await t.Db.QueryAsync<(int Id, JsonNode? Doc)>($"SELECT id, doc FROM {Sql.Identifier(t.Name)} ORDER BY id");
        Assert.Equal([1, null, 3], read.Select(r => (int?)r.Doc?["n"]));
    }

    [Theory, AllDatabases]
    public async Task Text_that_is_not_JSON_is_a_mapping_error_naming_the_column(Db db)
    {
        await using var t = await TableAsync(db, "json_bad", $"id {Types.AutoId(db)}, name {Types.Text(db)} NOT NULL, profile {Types.Text(db)} NULL, extra {Types.Text(db)} NULL");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (name, profile) VALUES ({"x"}, {"not json"})");
        var error = await Assert.ThrowsAsync<MappingException>(() => t.Db.QueryAsync<Customer>($"SELECT * FROM {Sql.Identifier(t.Name)}"));
        Assert.Contains("'profile'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Customer.Profile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not json", error.Message, StringComparison.Ordinal);
    }

    internal sealed class Scope(Database database, string name, string url) : IAsyncDisposable
    {
        public Database Db { get; } = database;
        public string Name { get; } = name;

        /// <summary>The database's URL, to open it again with other options.</summary>
        public string Url { get; } = url;

        public async ValueTask DisposeAsync()
        {
            try { await Db.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(Name)}"); }
            finally { await Db.DisposeAsync(); }
        }
    }

    internal static async Task<Scope> TableAsync(Db db, string prefix, string columns, Action<DatabaseOptions>? configure = null)
    {
        var url = TestDatabase.Url(db);
        var database = await TestDatabase.OpenAsync(db, o =>
        {
            o.Url = url;
            TestDatabase.SnakeCase(o);
            configure?.Invoke(o);
        });
        var scope = new Scope(database, TestDatabase.Table(prefix), url);
        try
        {
            await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(scope.Name)} ({Sql.Raw(columns)})");
            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }
}
