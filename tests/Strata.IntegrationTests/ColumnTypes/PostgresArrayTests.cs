using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.ColumnTypes;

/// <summary>
/// Collections as PostgreSQL arrays: one array parameter outside IN (…), array columns read into arrays and lists, and the builder's
/// array conditions; on SQLite and MariaDB, which have no arrays, the same calls fail with a clear error before anything is sent.
/// </summary>
public class PostgresArrayTests
{
    public sealed class Post
    {
        public long Id { get; set; }
        public string Title { get; set; } = "";
        public string[] Tags { get; set; } = [];
        public List<int> Scores { get; set; } = [];
        public IReadOnlyList<Guid> Owners { get; set; } = [];
        public int?[]? Ratings { get; set; }
    }

    private const string Columns = "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title TEXT NOT NULL, tags TEXT[] NOT NULL, scores INTEGER[] NOT NULL, owners UUID[] NOT NULL, ratings INTEGER[] NULL";

    private static readonly Guid A = new("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid B = new("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    [Theory, AllDatabases]
    public async Task A_collection_outside_IN_is_one_array_parameter(Db db)
    {
        if (db != Db.Postgres)
        {
            await using var other = await TestDatabase.OpenAsync(db);
            string[] tags = ["a"];
            var error = await Assert.ThrowsAsync<NotSupportedException>(() => other.ExecuteAsync($"SELECT 1 WHERE 'a' = ANY({tags})"));
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
            error = await Assert.ThrowsAsync<NotSupportedException>(() => other.ScalarAsync<int>($"SELECT {Sql.Parameter(new List<int> { 1 })}"));
            Assert.Contains("List<Int32>", error.Message, StringComparison.Ordinal);
            // Inside IN (…) a collection is still a list of values.
            Assert.Equal(1, await other.ScalarAsync<int>($"SELECT 1 WHERE 2 IN ({new[] { 1, 2 }})"));
            return;
        }
        await using var t = await JsonColumnTests.TableAsync(db, "pg_arrays", Columns);
        string[] labels = ["news", "tech"];
        var scores = new List<int> { 3, 5 };
        var owners = new HashSet<Guid> { A };
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (title, tags, scores, owners, ratings) VALUES ({"first"}, {labels}, {scores}, {owners}, {new int?[] { 1, null }})");
        await t.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Name)} (title, tags, scores, owners) VALUES ({"empty"}, {Array.Empty<string>()}, {new List<int>()}, {Array.Empty<Guid>()})");
        await t.Db.ExecuteRawAsync($"INSERT INTO {t.Db.Dialect.QuoteIdentifier(t.Name)} (title, tags, scores, owners) VALUES (?, ?, ?, ?)", "positional", new[] { "x" }, new[] { 7 }, new[] { B });

        Assert.Equal(["first"], await t.Db.QueryAsync<string>($"SELECT title FROM {Sql.Identifier(t.Name)} WHERE 'tech' = ANY(tags) AND scores @> {new[] { 5 }}"));
        Assert.Equal(["empty", "positional"], await t.Db.QueryAsync<string>($"SELECT title FROM {Sql.Identifier(t.Name)} WHERE title = ANY({new[] { "empty", "positional" }}) ORDER BY title"));
        Assert.Equal(0, await t.Db.ScalarAsync<int>($"SELECT cardinality(tags) FROM {Sql.Identifier(t.Name)} WHERE title = {"empty"}"));
        // IN (…) is still IN: the same list as one array there, = ANY($1).
        Assert.Equal(2, await t.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(t.Name)} WHERE title IN ({new[] { "first", "empty" }})"));
        var read = await t.Db.ScalarAsync<string[]>($"SELECT tags FROM {Sql.Identifier(t.Name)} WHERE title = {"positional"}");
        Assert.Equal(["x"], read!);
        // An array with a NULL element, which the driver's default array type for a scalar could not hold.
        Assert.Equal([1, null], await t.Db.ScalarAsync<int?[]>($"SELECT ratings FROM {Sql.Identifier(t.Name)} WHERE title = {"first"}"));
        Assert.Null(await t.Db.ScalarAsync<int?[]>($"SELECT ratings FROM {Sql.Identifier(t.Name)} WHERE title = {"empty"}"));
    }

    [Theory, AllDatabases]
    public async Task Array_columns_read_into_arrays_and_lists_and_write_from_every_path(Db db)
    {
        if (db != Db.Postgres)
        {
            await using var scope = await JsonColumnTests.TableAsync(db, "no_arrays", $"id {Types.AutoId(db)}, title {Types.Text(db)} NOT NULL, tags {Types.Text(db)} NULL");
            var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
                new Repository<Post, long>(scope.Db, new RepositoryOptions { Table = scope.Name }).CreateAsync(new Post { Title = "x", Tags = ["a"] }));
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            await scope.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(scope.Name)} (title, tags) VALUES ({"x"}, {"a,b"})");
            var mapping = await Assert.ThrowsAsync<MappingException>(() => scope.Db.QueryAsync<(string Title, string[] Tags)>($"SELECT title, tags FROM {Sql.Identifier(scope.Name)}"));
            Assert.Contains("[JsonColumn]", mapping.Message, StringComparison.Ordinal);
            return;
        }
        await using var t = await JsonColumnTests.TableAsync(db, "pg_array_rows", Columns);
        var repository = new Repository<Post, long>(t.Db, new RepositoryOptions { Table = t.Name });
        var created = await repository.CreateAsync(new Post { Title = "repository", Tags = ["a", "b"], Scores = [1, 2], Owners = [A, B], Ratings = [4, null] });
        await t.Db.From<Post>(t.Name).InsertAsync(new Post { Title = "typed", Tags = ["c"], Scores = [], Owners = [B] });
        await t.Db.BulkInsertAsync(t.Name, new[] { new Post { Title = "bulk", Tags = ["d", "e"], Scores = [9], Owners = [A] } });
        await t.Db.From<Post>(t.Name).Where(p => p.Title == "typed").UpdateAsync(s => s.Set(p => p.Scores, [7, 8]));

        var found = await repository.FindByIdAsync(created.Id);
        Assert.Equal(["a", "b"], found!.Tags);
        Assert.Equal([1, 2], found.Scores);
        Assert.Equal([A, B], found.Owners);
        Assert.Equal([4, null], found.Ratings);
        var posts = await t.Db.From<Post>(t.Name).OrderBy(p => p.Title).ToListAsync();
        Assert.Equal(["bulk", "repository", "typed"], posts.Select(p => p.Title));
        Assert.Equal([7, 8], posts[2].Scores);
        Assert.Null(posts[2].Ratings);
        var lists = await t.Db.QueryAsync<(List<string> Tags, IReadOnlyList<long> Scores)>($"SELECT tags, scores FROM {Sql.Identifier(t.Name)} WHERE title = {"bulk"}");
        Assert.Equal(["d", "e"], lists[0].Tags);
        Assert.Equal([9L], lists[0].Scores);
    }

    [Theory, AllDatabases]
    public async Task The_builder_filters_array_columns_by_element_containment_and_overlap(Db db)
    {
        if (db != Db.Postgres)
        {
            await using var other = await TestDatabase.OpenAsync(db);
            var error = await Assert.ThrowsAsync<NotSupportedException>(() => other.From("posts").WhereAny("tags", "a").ToListAsync<int>());
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            error = await Assert.ThrowsAsync<NotSupportedException>(() => other.From<Post>("posts").Where(p => p.Tags.Contains("a")).ToListAsync());
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            return;
        }
        await using var t = await JsonColumnTests.TableAsync(db, "pg_array_filters", Columns);
        await t.Db.BulkInsertAsync(t.Name, new[]
        {
            new Post { Title = "one", Tags = ["a", "b"], Scores = [1], Owners = [A] },
            new Post { Title = "two", Tags = ["b", "c"], Scores = [2], Owners = [B] },
            new Post { Title = "three", Tags = [], Scores = [], Owners = [A, B] },
        });
        async Task<string[]> Titles(Func<SqlQuery, SqlQuery> filter) => [.. await filter(t.Db.From(t.Name)).OrderBy("title").Select("title").ToListAsync<string>()];

        Assert.Equal(["one", "two"], await Titles(q => q.WhereAny("tags", "b")));
        Assert.Equal(["three", "two"], await Titles(q => q.WhereAny("owners", B)));
        Assert.Equal(["two"], await Titles(q => q.WhereArrayContains("tags", new List<string> { "c", "b" })));
        Assert.Equal(["one", "three", "two"], await Titles(q => q.WhereArrayContains("tags", Array.Empty<string>())));
        Assert.Equal(["one", "two"], await Titles(q => q.WhereArrayOverlaps("tags", new[] { "a", "c", "z" })));
        Assert.Empty(await Titles(q => q.WhereArrayOverlaps("tags", Array.Empty<string>())));

        var tag = "a";
        string[] titles = ["one", "three"];
        var typed = await t.Db.From<Post>(t.Name).Where(p => p.Tags.Contains(tag) || p.Scores.Contains(2)).OrderBy(p => p.Title).ToListAsync();
        Assert.Equal(["one", "two"], typed.Select(p => p.Title));
        var listed = await t.Db.From<Post>(t.Name).Where(p => titles.Contains(p.Title) && p.Owners.Contains(B)).ToListAsync();
        Assert.Equal("three", Assert.Single(listed).Title);
    }
}
