using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.FaultTests;

/// <summary><c>strata db restore --replace</c>, run in-process, with each database command it sends failed in turn (see <see cref="NthCommandCliFaultTests"/>).</summary>
[Collection(StagedRestoreCollection.Name)]
public class NthCommandCliRestoreFaultTests
{
    // Killed connections: the library's restore loop covers them (NthCommandRestoreFaultTests).
    [Theory, FaultTargets(Kills = false)]
    public async Task Db_restore_exits_1_with_one_line_and_leaves_the_tables_as_they_were_or_restored(Db kind, FaultKind fault)
    {
        var parent = TestDatabase.Table("ftcr_p");
        var child = TestDatabase.Table("ftcr_c");
        var folder = Directory.CreateTempSubdirectory("strata-fault-cli-restore-").FullName;
        var archive = Path.Combine(folder, "backup.strata");

        async Task CreateAsync(Database db, string[] names)
        {
            await db.Schema.DropTableIfExists(child).ExecuteAsync();
            await db.Schema.DropTableIfExists(parent).ExecuteAsync();
            await db.Schema.CreateTable(parent, t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
            await db.Schema.CreateTable(child, t => { t.BigIncrements("id"); t.BigInteger("parent_id").References(parent); }).ExecuteAsync();
            foreach (var name in names) await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(parent)} (name) VALUES ({name})");
            await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(child)} (parent_id) VALUES ({1L})");
        }

        Task<IReadOnlyList<string>> NamesAsync(Database db) => db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(parent)} ORDER BY id");

        await using (var source = await TestDatabase.OpenAsync(Db.Sqlite))
        {
            await CreateAsync(source, ["ada", "bob", "cy"]);
            await using var file = File.Create(archive);
            await source.DumpAsync(file, new DumpOptions { Tables = [parent, child] });
        }
        string? url = null;
        try
        {
            await FaultLoop.RunAsync(kind, fault, "strata db restore --replace", o => url = o.Url,
                reset: db => CreateAsync(db, ["old"]),
                scenario: (_, f) => NthCommandCliFaultTests.RunToolAsync(folder, f, null, "db", "restore", archive, "--replace", "--force", "--url", url!),
                verify: async (db, completed) =>
                {
                    Assert.Equal(completed ? ["ada", "bob", "cy"] : ["old"], await NamesAsync(db));
                    Assert.Equal(1, await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(child)}"));
                },
                expected: NthCommandCliFaultTests.IsToolFailure);
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await cleanup.Schema.DropTableIfExists(child).ExecuteAsync();
            await cleanup.Schema.DropTableIfExists(parent).ExecuteAsync();
            Directory.Delete(folder, true);
        }
    }
}
