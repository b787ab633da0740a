using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.Extensions.Time.Testing;
using Strata.IntegrationTests.Infrastructure;
using Strata.Plugins;
using Strata.Plugins.Audit;
using Strata.Plugins.SoftDelete;
using Strata.Plugins.Timestamps;
using Strata.Query;

namespace Strata.IntegrationTests.Repositories;

/// <summary>The built-in plugins and a custom one, through repositories and the query builder, on every database.</summary>
public class PluginTests
{
    public sealed class Note
    {
        public long Id { get; set; }

        public string Title { get; set; } = "";

        public string? Tenant { get; set; }

        [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public DateTimeOffset CreatedAt { get; set; }

        [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public DateTimeOffset UpdatedAt { get; set; }

        public DateTimeOffset? DeletedAt { get; set; }
    }

    private static async Task<(SchemaScope Scope, string Table)> NotesAsync(Db db, Func<string, IDatabasePlugin[]> plugins, TimeProvider? time = null)
    {
        var table = TestDatabase.Table("plug_notes");
        var scope = await SchemaScope.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // the table's columns are the entity's members in snake_case
            foreach (var plugin in plugins(table)) o.Plugins.Add(plugin, table);
            if (time is not null) o.TimeProvider = time;
        });
        scope.Track(table);
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements();
            t.String("title", 100);
            t.String("tenant", 20).Nullable();
            t.Timestamps();
            t.SoftDeletes();
        }).ExecuteAsync();
        return (scope, table);
    }

    private static Repository<Note, long> Notes(SchemaScope scope, string table) => new(scope.Db, RepositoryOptions.Default with { Table = table });

    [Theory, AllDatabases]
    public async Task Soft_delete_marks_rows_and_hides_them_from_repositories_and_the_builder(Db db)
    {
        var (scope, table) = await NotesAsync(db, _ => [new SoftDeletePlugin()]);
        await using var _ = scope;
        var notes = Notes(scope, table);
        var a = await notes.CreateAsync(new Note { Title = "a" });
        var b = await notes.CreateAsync(new Note { Title = "b" });
        var c = await notes.CreateAsync(new Note { Title = "c" });

        Assert.True(await notes.DeleteAsync(a.Id));
        Assert.Equal(1, await scope.Db.From(table).Where("title", "b").DeleteAsync());

        Assert.Null(await notes.FindByIdAsync(a.Id));
        Assert.Equal(["c"], (await notes.ListAsync()).Select(n => n.Title));
        Assert.Equal(1, await scope.Db.From(table).CountAsync());
        Assert.Equal(["a", "b", "c"], (await notes.WithDeleted().OrderBy(n => n.Id).ToListAsync()).Select(n => n.Title));
        Assert.Equal(["a", "b"], await scope.Db.From(table).OnlyDeleted().Select("title").OrderBy("id").ToListAsync<string>());
        Assert.All(await notes.OnlyDeleted().ToListAsync(), n => Assert.NotNull(n.DeletedAt));
        // An OR in the caller's conditions stays inside its group: deleted rows do not leak through it.
        Assert.Equal(["c"], await scope.Db.From(table).Where("title", "a").OrWhere("title", "c").Select("title").ToListAsync<string>());

        Assert.True(await notes.RestoreAsync(a.Id));
        Assert.Equal(["a", "c"], (await notes.ListAsync()).Select(n => n.Title));
        Assert.True(await notes.ForceDeleteAsync(b.Id));
        Assert.Equal(2, await scope.Db.From(table).WithDeleted().CountAsync());
        Assert.Equal(1, await scope.Db.From(table).Where("id", c.Id).ForceDeleteAsync());
        Assert.Equal(["a"], await scope.Db.QueryAsync<string>($"SELECT title FROM {Sql.Identifier(table)}"));
        Assert.Throws<InvalidOperationException>(() => scope.Db.From(TestDatabase.Table("other")).WithDeleted());
    }

    [Theory, AllDatabases]
    public async Task Timestamps_are_set_in_utc_from_the_database_clock_on_every_write_path(Db db)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var (scope, table) = await NotesAsync(db, _ => [new TimestampsPlugin()], clock);
        await using var _ = scope;
        var notes = Notes(scope, table);
        var created = clock.GetUtcNow();

        var note = await notes.CreateAsync(new Note { Title = "a" });
        clock.Advance(TimeSpan.FromHours(1));
        note.Title = "a2";
        var updated = await notes.UpdateAsync(note);
        await scope.Db.From(table).InsertAsync(new { title = "by name" });
        clock.Advance(TimeSpan.FromHours(1));
        await scope.Db.From(table).Where("title", "by name").UpdateAsync(new { title = "by name 2" });
        var upserted = (await scope.Db.From(table).Returning("*").UpsertAsync<Note>(new { id = note.Id, title = "upserted" }, ["id"]));

        Assert.Equal((created, created), (note.CreatedAt, note.UpdatedAt));
        Assert.Equal((created, created.AddHours(1)), (updated.CreatedAt, updated.UpdatedAt));
        var byName = await scope.Db.From(table).Where("title", "by name 2").SingleAsync<Note>();
        Assert.Equal((created.AddHours(1), created.AddHours(2)), (byName.CreatedAt, byName.UpdatedAt));
        var afterUpsert = await notes.FindByIdAsync(note.Id);
        Assert.Equal(("upserted", created, created.AddHours(2)), (afterUpsert!.Title, afterUpsert.CreatedAt, afterUpsert.UpdatedAt));
        Assert.True(upserted.Count == 1 || !scope.Db.Dialect.SupportsReturning);
    }

    [Theory, AllDatabases]
    public async Task Bulk_inserts_get_timestamps_and_tenants_from_the_plugins_too(Db db)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var (scope, table) = await NotesAsync(db, _ => [new TimestampsPlugin(), new TenantPlugin()], clock);
        await using var _ = scope;
        var notes = Notes(scope, table);

        using (TenantPlugin.Use("acme"))
        {
            Assert.Equal(50, await notes.BulkInsertAsync(Enumerable.Range(1, 50).Select(i => new Note { Title = "n" + i })));
            Assert.Equal(2, await scope.Db.BulkInsertAsync(table, ["title"], [["by name 1"], ["by name 2"]]));
        }

        var rows = await scope.Db.QueryAsync<Note>($"SELECT * FROM {Sql.Identifier(table)}");
        Assert.Equal(52, rows.Count);
        Assert.All(rows, n => Assert.Equal((clock.GetUtcNow(), clock.GetUtcNow(), "acme"), (n.CreatedAt, n.UpdatedAt, n.Tenant)));
    }

    [Theory, AllDatabases]
    public async Task Audit_rows_appear_with_each_change_and_vanish_with_its_rollback(Db db)
    {
        var auditTable = TestDatabase.Table("plug_audit");
        var plugin = new AuditPlugin(auditTable, new User("grace"));
        var (scope, table) = await NotesAsync(db, _ => [plugin]);
        await using var _ = scope;
        scope.Track(auditTable);
        await scope.Db.Schema.Run(plugin.CreateTable()).ExecuteAsync();
        var notes = Notes(scope, table);

        var note = await notes.CreateAsync(new Note { Title = "first" });
        note.Title = "second";
        await notes.UpdateAsync(note);
        await notes.UpdateAsync(note.Id, new { tenant = "t1" });
        await notes.DeleteAsync(note.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.TransactionAsync(async tx =>
        {
            await notes.CreateAsync(new Note { Title = "rolled back" });
            throw new InvalidOperationException("undo");
        }));

        var rows = await scope.Db.QueryAsync<AuditRow>(
            $"SELECT table_name, row_key, action, old_values, new_values, changed_columns, user_id FROM {Sql.Identifier(auditTable)} ORDER BY id");
        Assert.Equal(["insert", "update", "update", "delete"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal((table, note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "grace"), (r.TableName, r.RowKey, r.UserId)));
        Assert.Null(rows[0].OldValues);
        Assert.Contains("\"first\"", rows[0].NewValues, StringComparison.Ordinal);
        Assert.Contains("\"first\"", rows[1].OldValues, StringComparison.Ordinal);
        Assert.Contains("\"second\"", rows[1].NewValues, StringComparison.Ordinal);
        Assert.Contains("\"title\"", rows[1].ChangedColumns, StringComparison.Ordinal);
        Assert.Equal("[\"tenant\"]", rows[2].ChangedColumns);
        Assert.Null(rows[3].NewValues);
        Assert.DoesNotContain(rows, r => r.NewValues?.Contains("rolled back", StringComparison.Ordinal) == true);
    }

    public sealed record AuditRow(string TableName, string? RowKey, string Action, string? OldValues, string? NewValues, string? ChangedColumns, string? UserId);

    private sealed class User(string id) : IAuditContext
    {
        public string? UserId => id;
    }

    [Theory, AllDatabases]
    public async Task A_custom_tenant_plugin_filters_and_stamps_every_query_of_its_table(Db db)
    {
        var tenants = new TenantPlugin();
        var (scope, table) = await NotesAsync(db, _ => [tenants]);
        await using var _ = scope;
        var notes = Notes(scope, table);

        using (TenantPlugin.Use("acme"))
        {
            await notes.CreateAsync(new Note { Title = "acme 1" });
            await scope.Db.From(table).InsertAsync(new { title = "acme 2" });
        }
        using (TenantPlugin.Use("globex"))
        {
            await notes.CreateAsync(new Note { Title = "globex 1" });
            Assert.Equal(["globex 1"], (await notes.ListAsync()).Select(n => n.Title));
            Assert.Equal(1, await scope.Db.From(table).CountAsync());
            Assert.Equal(0, await scope.Db.From(table).Where("title", "acme 1").UpdateAsync(new { title = "stolen" }));
            Assert.Equal(0, await scope.Db.From(table).Where("title", "acme 2").DeleteAsync());
            Assert.Null(await notes.FindOneAsync(n => n.Title == "acme 1"));
        }
        using (TenantPlugin.Use("acme"))
        {
            Assert.Equal(["acme 1", "acme 2"], (await notes.ListAsync()).Select(n => n.Title));
            Assert.All(await notes.ListAsync(), n => Assert.Equal("acme", n.Tenant));
        }
        Assert.Equal(3, await scope.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }
    [Theory, AllDatabases]
    public async Task A_lookup_by_key_is_compiled_once_only_when_no_plugin_rewrites_reads(Db db)
    {
        var (scope, table) = await NotesAsync(db, _ => [new TenantPlugin()]);
        await using (scope)
        {
            var notes = Notes(scope, table);
            long acme, globex;
            using (TenantPlugin.Use("acme")) acme = (await notes.CreateAsync(new Note { Title = "acme 1" })).Id;
            using (TenantPlugin.Use("globex")) globex = (await notes.CreateAsync(new Note { Title = "globex 1" })).Id;
            // The tenant's condition is made anew for each lookup, the first and every later one.
            for (var round = 0; round < 2; round++)
            {
                using (TenantPlugin.Use("globex"))
                {
                    Assert.Null(await notes.FindByIdAsync(acme));
                    Assert.Equal("globex 1", (await notes.FindByIdAsync(globex))?.Title);
                }
                using (TenantPlugin.Use("acme"))
                {
                    Assert.Equal("acme 1", (await notes.FindByIdAsync(acme))?.Title);
                    Assert.Null(await notes.FindByIdAsync(globex));
                }
            }
        }

        // A plugin that says it rewrites no read is not asked to: timestamps, and one that would hide every row.
        (scope, table) = await NotesAsync(db, _ => [new TimestampsPlugin(), new HideAllOnRead()]);
        await using (scope)
        {
            var notes = Notes(scope, table);
            var ids = new List<long>();
            for (var i = 0; i < 4; i++) ids.Add((await notes.CreateAsync(new Note { Title = "note " + i })).Id);
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < ids.Count; i++) Assert.Equal("note " + i, (await notes.FindByIdAsync(ids[i]))?.Title);
                Assert.Null(await notes.FindByIdAsync(ids.Max() + 1));
            }
            Assert.Equal(4, await notes.CountAsync());
        }
    }

    /// <summary>Would add a condition no row meets, but says it rewrites no read, so reads never reach it.</summary>
    private sealed class HideAllOnRead : IDatabasePlugin
    {
        public string Name => "hide";

        public bool RewritesReads => false;

        public void Rewrite(QueryRewriteContext context)
        {
            if (context.Operation is QueryOperation.Select or QueryOperation.Aggregate)
                context.Where(new ComparisonCondition(context.Qualified("title"), ComparisonOperator.Equal, "no such title"));
        }
    }
}

/// <summary>A multi-tenant filter: <c>tenant = @t</c> on every read, update and delete, and the tenant set on every insert.</summary>
public sealed class TenantPlugin : IDatabasePlugin
{
    private static readonly AsyncLocal<string?> Current = new();

    public string Name => "tenant";

    public static IDisposable Use(string tenant)
    {
        Current.Value = tenant;
        return new Reset();
    }

    public void Rewrite(QueryRewriteContext context)
    {
        var tenant = Current.Value ?? throw new InvalidOperationException("No tenant in this flow.");
        if (context.Operation is QueryOperation.Insert or QueryOperation.Upsert) context.SetValue("tenant", tenant);
        else context.Where(new ComparisonCondition(context.Qualified("tenant"), ComparisonOperator.Equal, tenant));
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
