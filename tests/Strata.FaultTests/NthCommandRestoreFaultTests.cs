using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests;

/// <summary>
/// Restores with each of their database commands failed in turn (see <see cref="FaultLoop"/>): the target is left as it was
/// (no half table, no staging table) or fully restored.
/// </summary>
[Collection(StagedRestoreCollection.Name)]
public class NthCommandRestoreFaultTests
{
    [Theory, FaultTargets]
    public async Task A_restore_over_existing_tables_replaces_them_whole_or_leaves_them_as_they_were_whichever_command_fails(Db kind, FaultKind fault)
    {
        var fixture = TransferFixture.New();
        var archive = await TransferFixture.ArchiveAsync(fixture);
        try
        {
            var commands = await FaultLoop.RunAsync(kind, fault, "restore with replace", null,
                reset: db => fixture.CreateAsync(db, ["old"], ["old child"]),
                scenario: async db =>
                {
                    using var stream = new MemoryStream(archive, writable: false);
                    await db.RestoreAsync(stream, new RestoreOptions { Replace = true, BatchSize = 2 });
                },
                verify: async (db, completed) =>
                {
                    Assert.Equal(completed ? TransferFixture.NewContent : TransferFixture.OldContent, await fixture.ContentAsync(db));
                    await TransferFixture.AssertNoStagingTablesAsync(db);
                    // The foreign key is there (restored or kept): a child of a missing parent is refused.
                    await Assert.ThrowsAnyAsync<DatabaseException>(() =>
                        db.ExecuteAsync($"INSERT INTO {Sql.Identifier(fixture.Child)} (parent_id, title) VALUES ({999L}, {"orphan"})"));
                });
            Assert.True(commands >= 5, $"the restore completed after only {commands} commands");
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await fixture.DropAsync(cleanup);
        }
    }

    // The killed-connection path of the same code is covered by the loop over a restore with replace.
    [Theory, FaultTargets(Kills = false)]
    public async Task A_restore_into_an_empty_database_creates_every_table_or_none_whichever_command_fails(Db kind, FaultKind fault)
    {
        var fixture = TransferFixture.New();
        var archive = await TransferFixture.ArchiveAsync(fixture, compress: false);
        try
        {
            await FaultLoop.RunAsync(kind, fault, "restore into an empty database", null,
                reset: fixture.DropAsync,
                scenario: async db =>
                {
                    using var stream = new MemoryStream(archive, writable: false);
                    await db.RestoreAsync(stream, new RestoreOptions { BatchSize = 2 });
                },
                verify: async (db, completed) =>
                {
                    if (completed) Assert.Equal(TransferFixture.NewContent, await fixture.ContentAsync(db));
                    else
                    {
                        foreach (var table in fixture.Tables)
                            Assert.False(await db.Schema.HasTableAsync(table), $"{table} exists after a failed restore");
                    }
                    await TransferFixture.AssertNoStagingTablesAsync(db);
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await fixture.DropAsync(cleanup);
        }
    }
}
