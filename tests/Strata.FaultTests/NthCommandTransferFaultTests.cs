using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests;

/// <summary>
/// Dump, restore and copy with each of their database commands failed in turn (see <see cref="FaultLoop"/>): a restore leaves
/// the target as it was (no half table, no staging table) or fully restored, and a dump cut short never leaves bytes a
/// restore would accept.
/// </summary>
[Collection(StagedRestoreCollection.Name)]
public class NthCommandTransferFaultTests
{
    /// <summary>Two tables joined by a foreign key, small enough that the loop stays short, with batches of two rows.</summary>
    private sealed record Fixture(string Parent, string Child)
    {
        public static Fixture New() => new(TestDatabase.Table("ftx_p"), TestDatabase.Table("ftx_c"));

        public string[] Tables => [Child, Parent];

        public async Task CreateAsync(Database db, string[] parents, string[] children)
        {
            await DropAsync(db);
            await db.Schema.CreateTable(Parent, t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
            await db.Schema.CreateTable(Child, t =>
            {
                t.BigIncrements("id");
                t.BigInteger("parent_id").References(Parent);
                t.String("title", 50);
            }).ExecuteAsync();
            foreach (var name in parents) await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(Parent)} (name) VALUES ({name})");
            foreach (var title in children) await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(Child)} (parent_id, title) VALUES ({1L}, {title})");
        }

        public async Task DropAsync(Database db)
        {
            foreach (var table in Tables) await db.Schema.DropTableIfExists(table).ExecuteAsync();
        }

        public async Task<string> ContentAsync(Database db)
        {
            var parents = await db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(Parent)} ORDER BY id");
            var children = await db.QueryAsync<string>($"SELECT title FROM {Sql.Identifier(Child)} ORDER BY id");
            return string.Join(",", parents) + " | " + string.Join(",", children);
        }
    }

    private static readonly string[] NewParents = ["ada", "bob", "cy"];
    private static readonly string[] NewChildren = ["p1", "p2", "p3"];
    private const string NewContent = "ada,bob,cy | p1,p2,p3";
    private const string OldContent = "old | old child";

    /// <summary>An archive of the fixture's new content, dumped from a SQLite file of its own.</summary>
    private static async Task<byte[]> ArchiveAsync(Fixture fixture, bool compress = true)
    {
        await using var source = await TestDatabase.OpenAsync(Db.Sqlite);
        await fixture.CreateAsync(source, NewParents, NewChildren);
        using var archive = new MemoryStream();
        await source.DumpAsync(archive, new DumpOptions { Compress = compress, Tables = fixture.Tables });
        return archive.ToArray();
    }

    /// <summary>Tables a staged restore works under, which must never outlive a restore that returned or threw.</summary>
    private static async Task AssertNoStagingTablesAsync(Database db)
    {
        var schema = await db.Schema.IntrospectAsync();
        var left = schema.Tables.Select(t => t.Name)
            .Where(n => n.StartsWith("strata_restore_", StringComparison.OrdinalIgnoreCase) || n.StartsWith("strata_replaced_", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(left.Count == 0, $"staging tables left behind: {string.Join(", ", left)}");
    }

    [Theory, FaultTargets]
    public async Task A_restore_over_existing_tables_replaces_them_whole_or_leaves_them_as_they_were_whichever_command_fails(Db kind, FaultKind fault)
    {
        var fixture = Fixture.New();
        var archive = await ArchiveAsync(fixture);
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
                    Assert.Equal(completed ? NewContent : OldContent, await fixture.ContentAsync(db));
                    await AssertNoStagingTablesAsync(db);
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

    [Theory, FaultTargets]
    public async Task A_restore_into_an_empty_database_creates_every_table_or_none_whichever_command_fails(Db kind, FaultKind fault)
    {
        var fixture = Fixture.New();
        var archive = await ArchiveAsync(fixture, compress: false);
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
                    if (completed) Assert.Equal(NewContent, await fixture.ContentAsync(db));
                    else
                    {
                        foreach (var table in fixture.Tables)
                            Assert.False(await db.Schema.HasTableAsync(table), $"{table} exists after a failed restore");
                    }
                    await AssertNoStagingTablesAsync(db);
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await fixture.DropAsync(cleanup);
        }
    }

    [Theory, FaultTargets]
    public async Task A_dump_cut_short_never_leaves_an_archive_a_restore_accepts(Db kind, FaultKind fault)
    {
        var fixture = Fixture.New();
        var created = false;
        byte[] written = [];
        try
        {
            await FaultLoop.RunAsync(kind, fault, "dump", null,
                reset: async db =>
                {
                    if (created) return;
                    await fixture.CreateAsync(db, NewParents, NewChildren);
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
                        Assert.Equal(NewContent, await fixture.ContentAsync(target));
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
        var fixture = Fixture.New();
        var created = false;
        await using var target = await TestDatabase.OpenAsync(Db.Sqlite);
        try
        {
            await FaultLoop.RunAsync(kind, fault, "copy to SQLite", null,
                reset: async db =>
                {
                    await fixture.DropAsync(target);
                    if (created) return;
                    await fixture.CreateAsync(db, NewParents, NewChildren);
                    created = true;
                },
                scenario: db => db.CopyToAsync(target, new DumpOptions { Tables = fixture.Tables, BatchSize = 2 }, new RestoreOptions { BatchSize = 2 }),
                verify: async (db, completed) =>
                {
                    if (completed) Assert.Equal(NewContent, await fixture.ContentAsync(target));
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
