using System.ComponentModel.DataAnnotations.Schema;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.Plugins;
using Strata.Plugins.SoftDelete;
using Strata.Query;

namespace Strata.IntegrationTests.Repositories;

[Table("mt_users")]
public sealed class MtUser : Model<MtUser>
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    [NotMapped]
    public List<string> Events { get; } = [];

    public HasMany<MtPost> Posts => HasMany<MtPost>(p => p.UserId);

    public HasOne<MtProfile> Profile => HasOne<MtProfile>(p => p.UserId);

    public BelongsToMany<MtRole> Roles => BelongsToMany<MtRole>("mt_user_roles", "user_id", "role_id");

    protected override ValueTask OnCreatingAsync(CancellationToken cancellationToken) => Record("creating");

    protected override ValueTask OnCreatedAsync(CancellationToken cancellationToken) => Record($"created {Id}");

    protected override ValueTask OnUpdatingAsync(CancellationToken cancellationToken) => Record("updating");

    protected override ValueTask OnUpdatedAsync(CancellationToken cancellationToken) => Record("updated");

    protected override ValueTask OnDeletingAsync(CancellationToken cancellationToken) => Record("deleting");

    protected override ValueTask OnDeletedAsync(CancellationToken cancellationToken) => Record("deleted");

    private ValueTask Record(string e)
    {
        Events.Add(e);
        return default;
    }
}

[Table("mt_posts")]
public sealed class MtPost : Model<MtPost>
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public string Title { get; set; } = "";

    public bool Published { get; set; }

    public BelongsTo<MtUser> Author => BelongsTo<MtUser>(p => p.UserId);

    public HasMany<MtComment> Comments => HasMany<MtComment>(c => c.PostId);
}

[Table("mt_comments")]
public sealed class MtComment : Model<MtComment>
{
    public long Id { get; set; }

    public long PostId { get; set; }

    public string Body { get; set; } = "";
}

[Table("mt_profiles")]
public sealed class MtProfile : Model<MtProfile>
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public string Bio { get; set; } = "";
}

[Table("mt_roles")]
public sealed class MtRole : Model<MtRole>
{
    public long Id { get; set; }

    public string Name { get; set; } = "";
}

[Table("mt_archived"), Plugins("softDelete")]
public sealed class MtArchived : Model<MtArchived>
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset? DeletedAt { get; set; }
}

[Table("mt_tenant_notes"), Plugins("tenant")]
public sealed class MtTenantNote : Model<MtTenantNote>
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string? Tenant { get; set; }
}

[Table(Table)]
public sealed class MtScopedNote : Model<MtScopedNote>
{
    public const string Table = "mt_scoped_notes";

    public long Id { get; set; }

    public string Title { get; set; } = "";
}

/// <summary>Active Record models on every database: CRUD, events, each relation lazily and eagerly, counts, strict loading, plugins.</summary>
public class ModelTests
{
    private sealed class CommandCounter : ICommandInterceptor
    {
        public int Count;

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return default;
        }
    }

    private static readonly string[] Tables = ["mt_user_roles", "mt_comments", "mt_posts", "mt_profiles", "mt_roles", "mt_archived", "mt_tenant_notes", "mt_users"];

    private static async Task<(SchemaScope Scope, CommandCounter Counter)> SchemaAsync(Db db)
    {
        var counter = new CommandCounter();
        var scope = await SchemaScope.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // the tables' columns are the models' members in snake_case
            o.Interceptors.Add(counter);
            o.Plugins.Register(new TenantPlugin());
        });
        var schema = scope.Db.Schema;
        foreach (var table in Tables) await schema.DropTableIfExists(table).ExecuteAsync();
        foreach (var table in Tables.Reverse()) scope.Track(table);
        await schema.CreateTable("mt_users", t => { t.BigIncrements(); t.String("name", 50); }).ExecuteAsync();
        await schema.CreateTable("mt_roles", t => { t.BigIncrements(); t.String("name", 50); }).ExecuteAsync();
        await schema.CreateTable("mt_profiles", t => { t.BigIncrements(); t.BigInteger("user_id").References("mt_users"); t.String("bio", 100); }).ExecuteAsync();
        await schema.CreateTable("mt_posts", t => { t.BigIncrements(); t.BigInteger("user_id").References("mt_users"); t.String("title", 100); t.Boolean("published").Default(false); }).ExecuteAsync();
        await schema.CreateTable("mt_comments", t => { t.BigIncrements(); t.BigInteger("post_id").References("mt_posts"); t.String("body", 100); }).ExecuteAsync();
        await schema.CreateTable("mt_user_roles", t => { t.BigInteger("user_id").References("mt_users"); t.BigInteger("role_id").References("mt_roles"); t.PrimaryKey("user_id", "role_id"); }).ExecuteAsync();
        await schema.CreateTable("mt_archived", t => { t.BigIncrements(); t.String("name", 50); t.SoftDeletes(); }).ExecuteAsync();
        await schema.CreateTable("mt_tenant_notes", t => { t.BigIncrements(); t.String("title", 50); t.String("tenant", 20).Nullable(); }).ExecuteAsync();
        return (scope, counter);
    }

    [Theory, AllDatabases]
    public async Task A_model_runs_on_the_database_of_the_scope_it_is_used_in(Db db)
    {
        // Two databases on one target, each counting its commands: a model type keeps one repository, which must follow the scope.
        var url = TestDatabase.Url(db);
        DatabaseOptions Options(CommandCounter counter)
        {
            var options = new DatabaseOptions { Url = url, NamingConvention = NamingConvention.SnakeCase };
            options.Interceptors.Add(counter);
            return options;
        }
        var (first, second) = (new CommandCounter(), new CommandCounter());
        await using var a = Database.Open(Options(first));
        await using var b = Database.Open(Options(second));
        await a.Schema.DropTableIfExists(MtScopedNote.Table).ExecuteAsync();
        await a.Schema.CreateTable(MtScopedNote.Table, t => { t.BigIncrements(); t.String("title", 50); }).ExecuteAsync();
        try
        {
            for (var round = 1; round <= 2; round++)
            {
                foreach (var (database, used, idle) in new[] { (a, first, second), (b, second, first), (a, first, second) })
                {
                    var (usedBefore, idleBefore) = (used.Count, idle.Count);
                    using (ModelDatabase.Use(database))
                    {
                        var note = await MtScopedNote.CreateAsync(new MtScopedNote { Title = $"round {round}" });
                        Assert.Equal($"round {round}", (await MtScopedNote.FindAsync(note.Id))!.Title);
                    }
                    Assert.Equal(usedBefore + 2, used.Count);
                    Assert.Equal(idleBefore, idle.Count);
                }
            }
        }
        finally
        {
            await a.Schema.DropTableIfExists(MtScopedNote.Table).ExecuteAsync();
        }
    }

    [Theory, AllDatabases]
    public async Task Models_find_save_refresh_and_delete_themselves_and_raise_their_events(Db db)
    {
        var (scope, _) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);

        var ada = await MtUser.CreateAsync(new MtUser { Name = "ada" });
        ada.Name = "ada lovelace";
        await ada.SaveAsync();
        await scope.Db.From("mt_users").Where("id", ada.Id).UpdateAsync(new { name = "changed elsewhere" });
        await ada.RefreshAsync();

        Assert.True(ada.Id > 0);
        Assert.Equal("changed elsewhere", ada.Name);
        Assert.Equal("changed elsewhere", (await MtUser.FindAsync(ada.Id))!.Name);
        Assert.Single(await MtUser.WhereAsync(u => u.Name.StartsWith("changed")));
        Assert.True(await ada.DeleteAsync());
        Assert.Null(await MtUser.FindAsync(ada.Id));
        Assert.Equal(["creating", $"created {ada.Id}", "updating", "updated", "deleting", "deleted"], ada.Events);
    }

    [Theory, AllDatabases]
    public async Task Each_relation_kind_loads_lazily_with_where_and_order_on_the_relation(Db db)
    {
        var (scope, _) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);
        var ada = await MtUser.CreateAsync(new MtUser { Name = "ada" });
        await MtProfile.CreateAsync(new MtProfile { UserId = ada.Id, Bio = "mathematician" });
        var second = await MtPost.CreateAsync(new MtPost { UserId = ada.Id, Title = "b notes", Published = true });
        await MtPost.CreateAsync(new MtPost { UserId = ada.Id, Title = "a draft" });
        await MtComment.CreateAsync(new MtComment { PostId = second.Id, Body = "great" });
        var admin = await MtRole.CreateAsync(new MtRole { Name = "admin" });
        await MtRole.CreateAsync(new MtRole { Name = "unused" });
        await scope.Db.From("mt_user_roles").InsertAsync(new { user_id = ada.Id, role_id = admin.Id });

        var user = (await MtUser.FindAsync(ada.Id))!;
        Assert.Equal(["b notes", "a draft"], (await user.Posts.GetAsync()).Select(p => p.Title));
        Assert.Equal(["a draft", "b notes"], (await user.Posts.OrderBy(p => p.Title).GetAsync()).Select(p => p.Title));
        Assert.Equal(["b notes"], (await user.Posts.Where(p => p.Published).GetAsync()).Select(p => p.Title));
        Assert.Equal("mathematician", (await user.Profile.GetAsync())!.Bio);
        Assert.Equal(["admin"], (await user.Roles.GetAsync()).Select(r => r.Name));
        var post = (await MtPost.FindAsync(second.Id))!;
        Assert.Equal("ada", (await post.Author.GetAsync())!.Name);
        Assert.Equal(["great"], (await post.Comments.GetAsync()).Select(c => c.Body));
        Assert.True(user.Posts.IsLoaded);

        // The same relations eagerly, for every user at once (roles take two queries: the join rows, then the roles).
        var grace = await MtUser.CreateAsync(new MtUser { Name = "grace" });
        var eager = await MtUser.Query().With(u => u.Profile).With(u => u.Roles).With(u => u.Posts).OrderBy(u => u.Id).ToListAsync();
        Assert.Equal(["mathematician", null], eager.Select(u => u.Profile.Item?.Bio));
        Assert.Equal([["admin"], []], eager.Select(u => u.Roles.Items.Select(r => r.Name).ToArray()));
        Assert.Equal([2, 0], eager.Select(u => u.Posts.Items.Count));
        var counted = await MtUser.Query().WithCount(u => u.Roles).WithCount(u => u.Posts).OrderBy(u => u.Id).ToListAsync();
        Assert.Equal([(1L, 2L), (0L, 0L)], counted.Select(u => (u.Roles.Count!.Value, u.Posts.Count!.Value)));
        Assert.Equal(grace.Id, counted[1].Id);
    }

    [Theory, AllDatabases]
    public async Task Eager_loading_a_hundred_parents_with_children_and_grandchildren_takes_three_queries(Db db)
    {
        var (scope, counter) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);
        await scope.Db.From("mt_users").InsertManyAsync(Enumerable.Range(1, 100).Select(i => new { id = (long)i, name = $"u{i}" }).ToList());
        await scope.Db.From("mt_posts").InsertManyAsync(Enumerable.Range(1, 200).Select(i => new { id = (long)i, user_id = (long)((i + 1) / 2), title = $"p{i}" }).ToList());
        await scope.Db.From("mt_comments").InsertManyAsync(Enumerable.Range(1, 400).Select(i => new { id = (long)i, post_id = (long)((i + 1) / 2), body = $"c{i}" }).ToList());

        var before = counter.Count;
        var users = await MtUser.Query().With(u => u.Posts).With("posts.comments").WithCount(u => u.Posts).ToListAsync();
        var queries = counter.Count - before;

        Assert.Equal(100, users.Count);
        Assert.Equal(4, queries); // users, posts, comments, and the grouped count
        Assert.All(users, u => Assert.Equal(2, u.Posts.Items.Count));
        Assert.All(users, u => Assert.Equal(2L, u.Posts.Count));
        Assert.All(users.SelectMany(u => u.Posts.Items), p => Assert.Equal(2, p.Comments.Items.Count));
        Assert.Equal(["c1", "c2"], users[0].Posts.Items[0].Comments.Items.Select(c => c.Body));

        before = counter.Count;
        var again = await MtUser.Query().With("posts.comments").ToListAsync();
        Assert.Equal(3, counter.Count - before);
        Assert.Equal(400, again.Sum(u => u.Posts.Items.Sum(p => p.Comments.Items.Count)));

        before = counter.Count;
        var posts = await MtPost.Query().With(p => p.Author).Limit(10).ToListAsync();
        Assert.Equal(2, counter.Count - before);
        Assert.All(posts, p => Assert.Equal(p.UserId, p.Author.Item!.Id));
    }

    [Theory, AllDatabases]
    public async Task Strict_loading_refuses_n_plus_one_lazy_loads_and_names_the_relation(Db db)
    {
        var (scope, _) = await SchemaAsync(db);
        await using var _s = scope;
        using (ModelDatabase.Use(scope.Db))
        {
            var a = await MtUser.CreateAsync(new MtUser { Name = "a" });
            await MtUser.CreateAsync(new MtUser { Name = "b" });
            await MtPost.CreateAsync(new MtPost { UserId = a.Id, Title = "t" });

            var listed = await MtUser.Query().ToListAsync();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => listed[0].Posts.GetAsync());
            Assert.Contains("With(\"Posts\")", refused.Message, StringComparison.Ordinal);
            Assert.Contains("N+1", refused.Message, StringComparison.Ordinal);
            Assert.Single(await (await MtUser.FindAsync(a.Id))!.Posts.GetAsync());
        }
        using (ModelDatabase.Use(scope.Db, strictLoading: false))
        {
            var listed = await MtUser.Query().ToListAsync();
            Assert.Single(await listed.Single(u => u.Name == "a").Posts.GetAsync());
        }
        Assert.Throws<InvalidOperationException>(() => ModelDatabase.Current);
    }

    [Theory, AllDatabases]
    public async Task Plugins_named_on_a_model_apply_to_it(Db db)
    {
        var (scope, _) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);

        var kept = await MtArchived.CreateAsync(new MtArchived { Name = "kept" });
        var gone = await MtArchived.CreateAsync(new MtArchived { Name = "gone" });
        await gone.DeleteAsync();

        Assert.Equal(["kept"], (await MtArchived.Query().ToListAsync()).Select(a => a.Name));
        Assert.Null(await MtArchived.FindAsync(gone.Id));
        Assert.Equal(2, await MtArchived.Query().Query.WithDeleted().CountAsync());
        Assert.NotNull(await scope.Db.From("mt_archived").WithHint(SoftDeletePlugin.Hint, SoftDeleteMode.All).Where("id", gone.Id).Select("deleted_at").FirstAsync<DateTimeOffset?>());
        Assert.Equal(kept.Id, (await MtArchived.FindAsync(kept.Id))!.Id);
    }

    [Theory, AllDatabases]
    public async Task A_custom_tenant_plugin_named_on_a_model_filters_and_stamps_it(Db db)
    {
        var (scope, _) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);

        using (TenantPlugin.Use("acme")) await MtTenantNote.CreateAsync(new MtTenantNote { Title = "acme's" });
        using (TenantPlugin.Use("globex"))
        {
            var mine = await MtTenantNote.CreateAsync(new MtTenantNote { Title = "globex's" });
            Assert.Equal("globex", mine.Tenant);
            Assert.Equal(["globex's"], (await MtTenantNote.Query().ToListAsync()).Select(n => n.Title));
            Assert.Empty(await MtTenantNote.WhereAsync(n => n.Title == "acme's"));
        }
        Assert.Equal(2, await scope.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM mt_tenant_notes"));
    }
}
