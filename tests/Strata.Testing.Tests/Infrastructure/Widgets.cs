namespace Strata.Testing.Tests.Infrastructure;

/// <summary>The schema the tests migrate: a <c>widgets</c> table.</summary>
[Migration("001", "Widgets")]
public sealed class CreateWidgets : Migration
{
    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
        await context.Schema.CreateTable("widgets", t =>
        {
            t.Increments();
            t.String("name", 50);
        }).ExecuteAsync(cancellationToken);

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        await context.Schema.DropTable("widgets").ExecuteAsync(cancellationToken);
}

/// <summary>Seeds one widget named <c>seeded</c>.</summary>
public sealed class WidgetSeeder : ISeeder
{
    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken) =>
        await context.Session.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"seeded"})", cancellationToken);
}

/// <summary>Test database options with the widgets migration and seeder.</summary>
public static class Widgets
{
    public static void Configure(DatabaseOptions options)
    {
        options.Migrations.AddTypes(typeof(CreateWidgets));
        options.Seeds.AddTypes(typeof(WidgetSeeder));
    }

    public static Task<long> CountAsync(Database db) => db.ScalarAsync<long>($"SELECT count(*) FROM widgets");
}

/// <summary>A schema of the size an application has (25 tables with an index and a foreign key each), for timing.</summary>
[Migration("002", "Many tables")]
public sealed class CreateManyTables : Migration
{
    public const int Count = 25;

    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Count; i++)
        {
            var n = i;
            await context.Schema.CreateTable($"table_{n}", t =>
            {
                t.Increments();
                t.String("name", 100).Index();
                t.Integer("amount");
                t.Boolean("active");
                t.Integer("widget_id").References("widgets", "id");
            }).ExecuteAsync(cancellationToken);
        }
    }

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        for (var i = Count - 1; i >= 0; i--) await context.Schema.DropTable($"table_{i}").ExecuteAsync(cancellationToken);
    }
}
