using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.IntegrationTests.Transfer;

/// <summary>Dump and restore between every pair of databases: values, counts, checksums, keys, indexes and identity counters.</summary>
public class DumpRestoreTests
{
    [Theory, DatabasePairs]
    public async Task A_dump_restored_into_another_database_has_the_same_rows_keys_indexes_and_foreign_keys(Db source, Db target)
    {
        await using var from = await ScratchDatabase.CreateAsync(source);
        await using var to = await ScratchDatabase.CreateAsync(target);
        await using var sourceDb = Database.Open(from.Url);
        await using var targetDb = Database.Open(to.Url);
        await TransferTables.CreateAsync(sourceDb);

        using var archive = new MemoryStream();
        var dumped = await sourceDb.DumpAsync(archive);
        archive.Position = 0;
        var restored = await targetDb.RestoreAsync(archive);

        Assert.Equal(["authors", "books"], dumped.Select(t => t.Table).Order());
        Assert.Equal([2L, 2L], dumped.Select(t => t.Rows));
        Assert.Equal(dumped, restored);
        Assert.Equal(await TransferTables.RowsAsync(sourceDb), await TransferTables.RowsAsync(targetDb));
        // Dumped again from the target, the rows encode to the same bytes (books' JSON text may be reformatted by jsonb).
        var again = await targetDb.DumpAsync(new MemoryStream(), new DumpOptions { Tables = ["authors"] });
        Assert.Equal(dumped.Single(t => t.Table == "authors"), Assert.Single(again));

        var books = (await targetDb.Schema.IntrospectTableAsync("books"))!;
        Assert.Equal(["id"], books.PrimaryKey!.Columns);
        Assert.Equal([("author_id", "authors"), ("sequel_id", "books")],
            books.ForeignKeys.Select(k => (Assert.Single(k.Columns), k.ReferencedTable.ToLowerInvariant())).Order());
        Assert.Contains(books.Indexes, i => i.Columns.SequenceEqual(["published"]) && !i.IsUnique);
        Assert.Equal(40, books.FindColumn("title")!.MaxLength);
        var authors = (await targetDb.Schema.IntrospectTableAsync("authors"))!;
        Assert.Equal(["id"], authors.PrimaryKey!.Columns);
        var cycle = Assert.Single(authors.ForeignKeys);
        Assert.Equal(("first_book_id", "books"), (Assert.Single(cycle.Columns), cycle.ReferencedTable.ToLowerInvariant()));
        Assert.Contains(authors.UniqueConstraints.Select(u => u.Columns).Concat(authors.Indexes.Where(i => i.IsUnique).Select(i => i.Columns)),
            columns => columns.SequenceEqual(["name"]));
        // MariaDB's JSON (LONGTEXT with a json_valid check) travels as JSON between the servers; SQLite has no JSON type to read.
        if (source != Db.Sqlite && target != Db.Sqlite) Assert.Contains("json", books.FindColumn("meta")!.DatabaseType, StringComparison.OrdinalIgnoreCase);

        // The identity counters moved past the loaded keys.
        await targetDb.ExecuteAsync($"INSERT INTO authors (name) VALUES ({"New"})");
        Assert.Equal(3, await targetDb.ScalarAsync<int>($"SELECT id FROM authors WHERE name = {"New"}"));
        await targetDb.ExecuteAsync($"""
            INSERT INTO books (author_id, price, in_print, added, big, small, title, status)
            VALUES ({3}, {1m}, {true}, {TransferTables.Added}, {1L}, {(short)1}, {"New"}, {"draft"})
            """);
        Assert.Equal(3, await targetDb.ScalarAsync<int>($"SELECT id FROM books WHERE title = {"New"}"));
    }

    [Theory, AllDatabases]
    public async Task A_restore_into_a_database_that_has_the_tables_refuses_unless_told_to_replace(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await using var database = Database.Open(scratch.Url);
        await TransferTables.CreateAsync(database);
        using var archive = new MemoryStream();
        await database.DumpAsync(archive, new DumpOptions { Compress = false });
        var before = await TransferTables.RowsAsync(database);
        await database.ExecuteAsync($"UPDATE books SET title = {"Changed"} WHERE id = {2}");

        archive.Position = 0;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => database.RestoreAsync(archive));
        Assert.Contains("authors", e.Message);
        Assert.Contains("books", e.Message);
        Assert.Equal("Changed", await database.ScalarAsync<string>($"SELECT title FROM books WHERE id = {2}"));

        archive.Position = 0;
        // One row per batch: each batch is sent while the next is parsed.
        await database.RestoreAsync(archive, new RestoreOptions { Replace = true, BatchSize = 1 });
        Assert.Equal(before, await TransferTables.RowsAsync(database));
        Assert.Equal(["authors", "books"], (await database.Schema.IntrospectAsync()).Tables.Select(t => t.Name.ToLowerInvariant()).Order());
    }

    [Fact]
    public async Task A_restore_drops_staging_tables_a_killed_restore_left_even_when_they_refer_to_each_other()
    {
        // The staged restore (and its leftovers) is MySQL/MariaDB's: the others restore in one transaction.
        await using var scratch = await ScratchDatabase.CreateAsync(Db.MariaDb);
        await using var database = Database.Open(scratch.Url);
        await TransferTables.CreateAsync(database);
        using var archive = new MemoryStream();
        await database.DumpAsync(archive, new DumpOptions { Compress = false });
        // What a restore killed after its swap leaves on MySQL/MariaDB: the replaced tables, the child still keyed to its parent.
        await database.Schema.CreateTable("strata_replaced_0_authors", t => t.Increments("id")).ExecuteAsync();
        await database.Schema.CreateTable("strata_replaced_1_books", t => { t.Increments("id"); t.Integer("author_id").References("strata_replaced_0_authors"); }).ExecuteAsync();

        archive.Position = 0;
        await database.RestoreAsync(archive, new RestoreOptions { Replace = true });

        var names = (await database.Schema.IntrospectAsync()).Tables.Select(t => t.Name.ToLowerInvariant()).Order();
        Assert.Equal(["authors", "books"], names);
    }

    [Theory, AllDatabases]
    public async Task A_corrupted_truncated_newer_or_duplicate_key_archive_is_refused_and_the_target_is_unchanged(Db db)
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await using var sourceDb = Database.Open(from.Url);
        await TransferTables.CreateAsync(sourceDb);
        using var plain = new MemoryStream();
        await sourceDb.DumpAsync(plain, new DumpOptions { Compress = false });
        var text = System.Text.Encoding.UTF8.GetString(plain.ToArray());
        using var zipped = new MemoryStream();
        await sourceDb.DumpAsync(zipped);
        var garbled = zipped.ToArray();
        for (var i = garbled.Length / 2; i < garbled.Length / 2 + 16; i++) garbled[i] ^= 0x5A;

        var corrupted = Bytes(text.Replace("Plain", "Plane", StringComparison.Ordinal));
        var truncated = Bytes(text[..(text.LastIndexOf("\"end\"", StringComparison.Ordinal) - 2)]);
        var newer = Bytes(text.Replace("\"version\":1", "\"version\":99", StringComparison.Ordinal));
        // A duplicate key: the second author's row repeats the first's name, which is unique.
        var duplicate = text.Replace("[2,\"Plain\",null,null]", "[2,\"" + TransferTables.Unicode.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\",null,null]", StringComparison.Ordinal);
        Assert.NotEqual(text, duplicate);

        // Into an empty database, and over existing tables with Replace: either way nothing changes.
        await using var to = await ScratchDatabase.CreateAsync(db);
        await using var targetDb = Database.Open(to.Url);
        foreach (var replace in new[] { false, true })
        {
            if (replace)
            {
                await TransferTables.CreateAsync(targetDb);
                await targetDb.ExecuteAsync($"UPDATE books SET title = {"Target"}");
            }
            var before = replace ? await TransferTables.RowsAsync(targetDb) : [];
            var options = new RestoreOptions { Replace = replace };
            foreach (var (archive, expected, type) in new[] { (corrupted, "checksum", typeof(ArchiveCorruptedException)), (truncated, "truncated", typeof(ArchiveCorruptedException)),
                (garbled, "corrupted", typeof(ArchiveCorruptedException)), (newer, "version 99", typeof(ArchiveVersionException)) })
            {
                var e = await Assert.ThrowsAnyAsync<ArchiveException>(() => targetDb.RestoreAsync(new MemoryStream(archive), options));
                Assert.IsType(type, e);
                Assert.Contains(expected, e.Message);
                await AssertUnchangedAsync(targetDb, before);
            }
            await Assert.ThrowsAsync<UniqueViolationException>(() => targetDb.RestoreAsync(new MemoryStream(Bytes(duplicate)), options));
            await AssertUnchangedAsync(targetDb, before);
        }
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static async Task AssertUnchangedAsync(Database db, List<string> rows)
    {
        var tables = (await db.Schema.IntrospectAsync()).Tables.Select(t => t.Name.ToLowerInvariant()).Order().ToList();
        if (rows.Count == 0)
        {
            Assert.Empty(tables);
            return;
        }
        Assert.Equal(["authors", "books"], tables);
        Assert.Equal(rows, await TransferTables.RowsAsync(db));
        Assert.Equal(2, (await db.Schema.IntrospectTableAsync("books"))!.ForeignKeys.Count);
    }

    [Theory, AllDatabases]
    public async Task Dump_options_choose_tables_and_schema_only_and_refuse_an_unknown_table(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await using var database = Database.Open(scratch.Url);
        await TransferTables.CreateAsync(database);

        var only = await database.DumpAsync(new MemoryStream(), new DumpOptions { Tables = ["AUTHORS"] });
        Assert.Equal("authors", Assert.Single(only).Table);
        var excluded = await database.DumpAsync(new MemoryStream(), new DumpOptions { ExcludeTables = ["books"] });
        Assert.Equal("authors", Assert.Single(excluded).Table);
        Assert.Empty(await database.DumpAsync(new MemoryStream(), new DumpOptions { SchemaOnly = true }));

        var e = await Assert.ThrowsAsync<TransferTableNotFoundException>(() => database.DumpAsync(new MemoryStream(), new DumpOptions { Tables = ["nope"] }));
        Assert.Equal("nope", e.Table);
        Assert.Contains("'nope'", e.Message);
    }
}
