using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.IntegrationTests.Transfer;

/// <summary>CopyToAsync: tables moved between two databases without a file, and a failure on either side reported and undone.</summary>
public class CopyTests
{
    [Theory, DatabasePairs]
    public async Task CopyToAsync_moves_the_tables_and_rows_between_databases(Db source, Db target)
    {
        await using var from = await ScratchDatabase.CreateAsync(source);
        await using var to = await ScratchDatabase.CreateAsync(target);
        await using var sourceDb = Database.Open(from.Url);
        await using var targetDb = Database.Open(to.Url);
        await TransferTables.CreateAsync(sourceDb);

        var copied = await sourceDb.CopyToAsync(targetDb);

        Assert.Equal(["authors", "books"], copied.Select(t => t.Table).Order());
        Assert.Equal(await TransferTables.RowsAsync(sourceDb), await TransferTables.RowsAsync(targetDb));
    }

    [Theory, AllDatabases]
    public async Task CopyToAsync_reports_the_dump_failure_or_the_refusal_and_leaves_the_target_as_it_was(Db db)
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await using var to = await ScratchDatabase.CreateAsync(db);
        await using var sourceDb = Database.Open(from.Url);
        await using var targetDb = Database.Open(to.Url);
        await TransferTables.CreateAsync(sourceDb);

        var unknown = await Assert.ThrowsAsync<TransferTableNotFoundException>(() => sourceDb.CopyToAsync(targetDb, new DumpOptions { Tables = ["nope"] }));
        Assert.Contains("'nope'", unknown.Message);
        Assert.Empty((await targetDb.Schema.IntrospectAsync()).Tables);

        await targetDb.Schema.CreateTable("books", t => t.Increments("id")).ExecuteAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sourceDb.CopyToAsync(targetDb));
        Assert.Contains("books", refused.Message);
        Assert.Equal(["books"], (await targetDb.Schema.IntrospectAsync()).Tables.Select(t => t.Name));
    }
}
