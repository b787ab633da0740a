using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

public sealed class DataTests
{
    private static readonly Factory<Author> Authors = Factory.Define((f, n) => new Author { Name = f.Name.FullName(), Email = $"author{n}@example.com" });

    private static readonly Factory<Post> Posts = Factory.Define((f, n) => new Post { Title = $"{f.Lorem.Sentence(3)} #{n}" });

    private static Task<TestDatabase> CreateAsync(Db db) => TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Blog.Configure));

    [Theory, AllDatabases]
    public async Task SeedAsync_saves_entities_of_several_types_in_order_with_keys_and_timestamps(Db db)
    {
        await using var test = await CreateAsync(db);
        var ada = new Author { Name = "Ada", Email = "ada@example.com" };
        var alan = new Author { Name = "Alan", Email = "alan@example.com" };

        await test.Database.SeedAsync(ada, alan);
        await test.Database.SeedAsync(new Post { AuthorId = ada.Id, Title = "Notes" }, new Post { AuthorId = alan.Id, Title = "Numbers" });

        Assert.True(ada.Id > 0 && alan.Id > ada.Id);
        await test.Database.AssertHasAsync("posts", new { author_id = alan.Id, title = "Numbers" });
        await test.Database.AssertCountAsync("authors", 0, new { created_at = (DateTime?)null });
        await test.Database.AssertCountAsync("authors", 2);
    }

    [Theory, AllDatabases]
    public async Task Fixture_files_load_in_file_order_and_later_inserts_get_fresh_keys(Db db)
    {
        await using var test = await CreateAsync(db);

        var loaded = await test.Database.LoadFixturesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "blog"));

        Assert.Equal([KeyValuePair.Create("authors", 2), KeyValuePair.Create("posts", 3)], loaded);
        await test.Database.AssertHasAsync("authors", new { id = 1, name = "Ada", is_admin = true });
        await test.Database.AssertCountAsync("authors", 1, new { born_on = (DateTime?)null });
        await test.Database.AssertHasAsync("authors", new { id = 1, born_on = new DateTime(1815, 12, 10) });
        await test.Database.AssertCountAsync("posts", 2, new { author_id = 2 });
        var grace = await new Repository<Author, long>(test.Database).CreateAsync(new Author { Name = "Grace", Email = "grace@example.com" });
        Assert.True(grace.Id > 2);
    }

    [Fact]
    public async Task A_fixture_file_that_is_not_an_array_of_objects_is_refused_with_its_name()
    {
        await using var test = await TestDatabase.CreateAsync("sqlite::memory:", TestServers.Options(Db.Sqlite, Blog.Configure));
        var file = Path.Combine(Path.GetTempPath(), $"authors-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "name": "Ada" }""");
        try
        {
            var refused = await Assert.ThrowsAsync<FormatException>(() => test.Database.LoadFixtureAsync("authors", file));
            Assert.Contains(file, refused.Message, StringComparison.Ordinal);
            Assert.Contains("array of objects", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, AllDatabases]
    public async Task A_relation_saves_each_parent_with_its_children_linked_by_key(Db db)
    {
        await using var test = await CreateAsync(db);

        var authors = await Authors.Has(Posts, 3, (author, post) => post.AuthorId = author.Id).CreateAsync(test.Database, 2);

        Assert.Equal(2, authors.Count);
        foreach (var author in authors) await test.Database.AssertCountAsync("posts", 3, new { author_id = author.Id });
        await test.Database.AssertCountAsync("posts", 6);
        await test.Database.AssertCountAsync("authors", 0, new { updated_at = (DateTime?)null });
    }

    [Theory, AllDatabases]
    public async Task A_relation_through_a_repository_saves_the_children_in_the_same_session(Db db)
    {
        await using var test = await CreateAsync(db);

        await test.Database.RollbackAfterAsync(async () =>
        {
            var author = await Authors.Has(Posts, 2, (a, p) => p.AuthorId = a.Id).CreateAsync(new Repository<Author, long>(test.Database));
            await test.Database.AssertCountAsync("posts", 2, new { author_id = author.Id });
        });

        await test.Database.AssertCountAsync("posts", 0);
    }

    [Fact]
    public void Made_relations_are_linked_unsaved_and_sequences_take_turns()
    {
        var roles = Authors.WithSequence(a => a.IsAdmin = true, a => a.IsAdmin = false);
        var made = roles.Has(Posts, 2, (author, post) => author.Posts.Add(post)).Make(3);

        Assert.Equal([true, false, true], made.Select(a => a.IsAdmin).ToArray());
        Assert.All(made, a => Assert.Equal(2, a.Posts.Count));
        Assert.All(made.SelectMany(a => a.Posts), p => Assert.Equal(0, p.Id));
    }
}
