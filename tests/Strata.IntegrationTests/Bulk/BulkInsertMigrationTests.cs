using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;

namespace Strata.IntegrationTests.Bulk;

/// <summary>A bulk insert inside a C# migration: run by <c>UpAsync</c>, written down by a plan without being sent.</summary>
public class BulkInsertMigrationTests
{
    [Theory, AllDatabases]
    public async Task A_plan_writes_the_bulk_insert_down_and_up_runs_it(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);

        var plan = await s.Migrator(typeof(BulkSeedMigration)).PlanAsync();

        Assert.Contains(plan.Steps[0].Statements, x => x.StartsWith("-- bulk insert of 3 rows into ", StringComparison.Ordinal) && x.Contains(s.Table("seeded"), StringComparison.Ordinal));
        Assert.False(await s.HasTableAsync("seeded"));

        await s.Migrator(typeof(BulkSeedMigration)).UpAsync();

        Assert.Equal(["a", "b", "c"], await s.Db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(s.Table("seeded"))} ORDER BY id"));
    }
}

/// <summary>Creates a table and fills it with a bulk insert.</summary>
[Migration("020", "Bulk seed")]
public sealed class BulkSeedMigration : Migration
{
    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var table = TablePrefix.Of(context.Session) + "_seeded";
        await context.Schema.CreateTable(table, t =>
        {
            t.Increments();
            t.String("name", 10);
        }).ExecuteAsync(cancellationToken);
        await context.Session.BulkInsertAsync(table, ["name"], new object?[][] { ["a"], ["b"], ["c"] }, cancellationToken: cancellationToken);
    }

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        await context.Schema.DropTable(TablePrefix.Of(context.Session) + "_seeded").ExecuteAsync(cancellationToken);
}
