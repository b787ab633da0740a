using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests.Infrastructure;

/// <summary>Two tables joined by a foreign key, small enough that the dump and restore loops stay short.</summary>
internal sealed record TransferFixture(string Parent, string Child)
{
    public static TransferFixture New() => new(TestDatabase.Table("ftx_p"), TestDatabase.Table("ftx_c"));

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

    /// <summary>Rows per table in the archive: 3 in CI (with batches of two, every load is several batches); more with <c>STRATA_FAULT_ROWS</c> (scripts/soak.sh).</summary>
    public static readonly int Rows = int.TryParse(Environment.GetEnvironmentVariable("STRATA_FAULT_ROWS"), out var rows) && rows > 0 ? rows : 3;

    public static readonly string[] NewParents = [.. Enumerable.Range(1, Rows).Select(i => $"parent {i}")];
    public static readonly string[] NewChildren = [.. Enumerable.Range(1, Rows).Select(i => $"child {i}")];
    public static readonly string NewContent = string.Join(",", NewParents) + " | " + string.Join(",", NewChildren);
    public const string OldContent = "old | old child";

    /// <summary>An archive of the fixture's new content, dumped from a SQLite file of its own.</summary>
    public static async Task<byte[]> ArchiveAsync(TransferFixture fixture, bool compress = true)
    {
        await using var source = await TestDatabase.OpenAsync(Db.Sqlite);
        await fixture.CreateAsync(source, NewParents, NewChildren);
        using var archive = new MemoryStream();
        await source.DumpAsync(archive, new DumpOptions { Compress = compress, Tables = fixture.Tables });
        return archive.ToArray();
    }

    /// <summary>Tables a staged restore works under, which must never outlive a restore that returned or threw.</summary>
    public static async Task AssertNoStagingTablesAsync(Database db)
    {
        var schema = await db.Schema.IntrospectAsync();
        var left = schema.Tables.Select(t => t.Name)
            .Where(n => n.StartsWith("strata_restore_", StringComparison.OrdinalIgnoreCase) || n.StartsWith("strata_replaced_", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(left.Count == 0, $"staging tables left behind: {string.Join(", ", left)}");
    }
}
