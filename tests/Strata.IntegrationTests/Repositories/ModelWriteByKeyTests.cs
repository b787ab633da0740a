using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.Extensions.Time.Testing;
using Strata.IntegrationTests.Infrastructure;
using Strata.Plugins;
using Strata.Plugins.Audit;
using Strata.Plugins.SoftDelete;

namespace Strata.IntegrationTests.Repositories;

[Table("mk_notes"), Plugins("softDelete", "timestamps")]
public sealed class MkNote : Model<MkNote>
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>Keyed by the EF Core convention, <c>&lt;TypeName&gt;Id</c>.</summary>
[Table("mk_widgets")]
public sealed class MkWidget : Model<MkWidget>
{
    public long MkWidgetId { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>Models updated and deleted by key without loading them, with the plugins a repository write runs, and keys found by convention.</summary>
public class ModelWriteByKeyTests
{
    private sealed class Auditor : IAuditContext
    {
        public string? UserId => "ops";
    }

    private static async Task<(SchemaScope Scope, FakeTimeProvider Clock, string AuditTable)> SchemaAsync(Db db)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var auditTable = TestDatabase.Table("mk_audit");
        var audit = new AuditPlugin(auditTable, new Auditor());
        var scope = await SchemaScope.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // the entities' members are written into snake_case columns
            o.TimeProvider = clock;
            o.Plugins.Add(audit, "mk_notes");
        });
        var schema = scope.Db.Schema;
        foreach (var table in new[] { "mk_notes", "mk_widgets" }) await schema.DropTableIfExists(table).ExecuteAsync();
        scope.Track(auditTable);
        scope.Track("mk_notes");
        scope.Track("mk_widgets");
        await schema.Run(audit.CreateTable()).ExecuteAsync();
        await schema.CreateTable("mk_notes", t => { t.BigIncrements(); t.String("title", 100); t.Timestamps(); t.SoftDeletes(); }).ExecuteAsync();
        await schema.CreateTable("mk_widgets", t => { t.BigIncrements("mk_widget_id"); t.String("name", 50); }).ExecuteAsync();
        return (scope, clock, auditTable);
    }

    [Theory, AllDatabases]
    public async Task Update_by_key_sets_the_columns_runs_timestamps_and_audit_and_says_whether_a_row_changed(Db db)
    {
        var (scope, clock, auditTable) = await SchemaAsync(db);
        await using var _ = scope;
        using var models = ModelDatabase.Use(scope.Db);
        var note = await MkNote.CreateAsync(new MkNote { Title = "draft" });
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await MkNote.UpdateAsync(note.Id, new { Title = "final" }));
        Assert.True(await MkNote.UpdateAsync(note.Id, new Dictionary<string, object?> { ["title"] = "final, checked" }));
        Assert.False(await MkNote.UpdateAsync(note.Id + 1000, new { title = "nobody" }));

        var stored = (await MkNote.FindAsync(note.Id))!;
        Assert.Equal("final, checked", stored.Title);
        Assert.Equal(note.CreatedAt, stored.CreatedAt);
        Assert.Equal(clock.GetUtcNow(), stored.UpdatedAt);
        var actions = await scope.Db.From(auditTable).Select("action").Where("row_key", note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy("id").ToListAsync<string>();
        Assert.Equal(["insert", "update", "update"], actions);
    }

    [Theory, AllDatabases]
    public async Task Delete_by_key_soft_deletes_through_the_plugin_and_leaves_deleted_rows_alone(Db db)
    {
        var (scope, _, auditTable) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);
        var keep = await MkNote.CreateAsync(new MkNote { Title = "keep" });
        var drop = await MkNote.CreateAsync(new MkNote { Title = "drop" });

        Assert.True(await MkNote.DeleteAsync(drop.Id));
        Assert.False(await MkNote.DeleteAsync(drop.Id));
        Assert.False(await MkNote.UpdateAsync(drop.Id, new { title = "revived?" }));

        Assert.Null(await MkNote.FindAsync(drop.Id));
        Assert.NotNull(await MkNote.FindAsync(keep.Id));
        var marked = await scope.Db.From("mk_notes").Where("id", drop.Id).SingleAsync<MkNote>();   // soft delete is on for the entity, not the table
        Assert.Equal("drop", marked.Title);
        Assert.NotNull(marked.DeletedAt);
        var actions = await scope.Db.From(auditTable).Select("action").Where(new { row_key = drop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .OrderBy("id").Limit(2).ToListAsync<string>();
        Assert.Equal(["insert", "delete"], actions);
    }

    [Theory, AllDatabases]
    public async Task A_model_keyed_by_its_type_name_and_Id_finds_updates_and_deletes_by_that_key(Db db)
    {
        var (scope, _, _) = await SchemaAsync(db);
        await using var _s = scope;
        using var models = ModelDatabase.Use(scope.Db);

        var widget = await MkWidget.CreateAsync(new MkWidget { Name = "gear" });
        Assert.True(widget.MkWidgetId > 0);
        Assert.True(await MkWidget.UpdateAsync(widget.MkWidgetId, new { name = "cog" }));
        Assert.Equal("cog", (await MkWidget.FindAsync(widget.MkWidgetId))!.Name);
        Assert.Equal([widget.MkWidgetId], (await MkWidget.Query().Where(new { name = "cog" }).ToListAsync()).Select(w => w.MkWidgetId));
        var repository = new Repository<MkWidget, long>(scope.Db);
        Assert.Equal("cog", (await repository.FindByIdAsync(widget.MkWidgetId))!.Name);
        Assert.True(await MkWidget.DeleteAsync(widget.MkWidgetId));
        Assert.Null(await MkWidget.FindAsync(widget.MkWidgetId));
    }
}
