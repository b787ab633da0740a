using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests;

/// <summary>
/// Dump and copy with each of their database commands failed in turn (see <see cref="FaultLoop"/>): a dump cut short never
/// leaves bytes a restore would accept, and a copy whose source fails leaves nothing in the target.
/// </summary>
public class NthCommandTransferFaultTests
{
    [Theory, FaultTargets]
    public async Task A_dump_cut_short_never_leaves_an_archive_a_restore_accepts(Db kind, FaultKind fault)
    {
        var fixture = TransferFixture.New();
        var created = false;
        byte[] written = [];
        try
        {
            await FaultLoop.RunAsync(kind, fault, "dump", null,
                reset: async db =>
                {
                    if (created) return;
                    await fixture.CreateAsync(db, TransferFixture.NewParents, TransferFixture.NewChildren);
                    created = true;
                },
                scenario: async db =>
                {
                    using var archive = new MemoryStream();
                    try
                    {
                        await db.DumpAsync(archive, new DumpOptions { Tables = fixture.Tables, BatchSize = 2 });
                    }
                    finally
                    {
                        written = archive.ToArray();
                    }
                },
                verify: async (db, completed) =>
                {
                    await using var target = await TestDatabase.OpenAsync(Db.Sqlite);
                    using var stream = new MemoryStream(written, writable: false);
                    if (completed)
                    {
                        await target.RestoreAsync(stream);
                        Assert.Equal(TransferFixture.NewContent, await fixture.ContentAsync(target));
                        return;
                    }
                    if (written.Length == 0) return;
                    await Assert.ThrowsAnyAsync<ArchiveException>(() => target.RestoreAsync(stream));
                    foreach (var table in fixture.Tables) Assert.False(await target.Schema.HasTableAsync(table), $"{table} was restored from a cut archive");
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await fixture.DropAsync(cleanup);
        }
    }

    [Theory, FaultTargets]
    public async Task A_copy_whose_source_fails_leaves_the_target_without_the_tables(Db kind, FaultKind fault)
    {
        var fixture = TransferFixture.New();
        var created = false;
        await using var target = await TestDatabase.OpenAsync(Db.Sqlite);
        try
        {
            await FaultLoop.RunAsync(kind, fault, "copy to SQLite", null,
                reset: async db =>
                {
                    await fixture.DropAsync(target);
                    if (created) return;
                    await fixture.CreateAsync(db, TransferFixture.NewParents, TransferFixture.NewChildren);
                    created = true;
                },
                scenario: db => db.CopyToAsync(target, new DumpOptions { Tables = fixture.Tables, BatchSize = 2 }, new RestoreOptions { BatchSize = 2 }),
                verify: async (db, completed) =>
                {
                    if (completed) Assert.Equal(TransferFixture.NewContent, await fixture.ContentAsync(target));
                    else
                    {
                        foreach (var table in fixture.Tables)
                            Assert.False(await target.Schema.HasTableAsync(table), $"{table} exists in the target after a failed copy");
                    }
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await fixture.DropAsync(cleanup);
        }
    }
}
