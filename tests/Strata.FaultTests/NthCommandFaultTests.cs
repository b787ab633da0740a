using System.ComponentModel.DataAnnotations.Schema;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>
/// Every command of a scenario is failed in turn (see <see cref="FaultLoop"/>): whichever statement fails, the caller gets a
/// typed error, nothing stays busy or locked, and what promises to be all or nothing is.
/// </summary>
public class NthCommandFaultTests
{
    public sealed class FaultItem
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
    }

    private static async Task CreateItemsAsync(Database db, string table) =>
        await db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.String("name", 100);
        }).ExecuteAsync();

    private static async Task DropAsync(Database db, params string[] tables)
    {
        foreach (var table in tables)
            await db.Schema.DropTableIfExists(table).ExecuteAsync();
    }

    private static Task<long> CountAsync(Database db, string table) =>
        db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}");

    [Theory, FaultTargets]
    public async Task A_transaction_with_a_savepoint_is_all_or_nothing_whichever_command_fails(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ft_tx");
        var commands = await FaultLoop.RunAsync(kind, fault, "transaction with a savepoint", null,
            reset: async db =>
            {
                await DropAsync(db, table);
                await CreateItemsAsync(db, table);
            },
            scenario: db => db.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"one"})");
                await tx.TransactionAsync(async savepoint =>
                {
                    await savepoint.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"two"})");
                    await savepoint.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET name = {"ONE"} WHERE name = {"one"}");
                });
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"three"})");
            }),
            verify: async (db, completed) =>
            {
                var names = (await db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY name")).ToArray();
                var expected = completed ? new[] { "ONE", "three", "two" } : [];
                Assert.Equal(expected, names);
            });
        await using var cleanup = await FaultDatabase.OpenAsync(kind);
        await DropAsync(cleanup, table);
        Assert.True(commands >= 4, $"the scenario completed after only {commands} commands");
    }

    [Theory, FaultTargets]
    public async Task A_bulk_insert_leaves_every_row_or_none_whichever_statement_fails(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ft_bulk");
        var rows = Enumerable.Range(1, 250).Select(i => new object?[] { $"row {i}" }).ToArray();
        await FaultLoop.RunAsync(kind, fault, "bulk insert", null,
            reset: async db =>
            {
                await DropAsync(db, table);
                await CreateItemsAsync(db, table);
            },
            scenario: db => db.BulkInsertAsync(table, ["name"], rows, new BulkInsertOptions { BatchSize = 100 }),
            verify: async (db, completed) => Assert.Equal(completed ? rows.Length : 0, await CountAsync(db, table)));
        await using var cleanup = await FaultDatabase.OpenAsync(kind);
        await DropAsync(cleanup, table);
    }

    [Theory, FaultTargets]
    public async Task Repository_writes_each_happen_whole_or_not_at_all_whichever_command_fails(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ft_repo");
        await FaultLoop.RunAsync(kind, fault, "repository CRUD", TestDatabase.SnakeCase,
            reset: async db =>
            {
                await DropAsync(db, table);
                await CreateItemsAsync(db, table);
            },
            scenario: async db =>
            {
                var items = new Repository<FaultItem, long>(db, new RepositoryOptions { Table = table });
                var ada = await items.CreateAsync(new FaultItem { Name = "ada" });
                var bob = await items.CreateAsync(new FaultItem { Name = "bob" });
                var found = await items.FindByIdAsync(ada.Id) ?? throw new InvalidOperationException("ada is missing");
                found.Name = "ada king";
                await items.UpdateAsync(found);
                await items.UpdateAsync(bob.Id, new { name = "bob ross" });
                await items.DeleteAsync(bob.Id);
                await items.CreateAsync(new FaultItem { Name = "cy" });
            },
            verify: async (db, completed) =>
            {
                var names = (await db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY id")).ToArray();
                if (completed) Assert.Equal(["ada king", "cy"], names);
                else
                {
                    // Each write is whole: only names the scenario wrote, in the order it wrote them, at most one per step.
                    Assert.Subset(new HashSet<string> { "ada", "ada king", "bob", "bob ross" }, names.ToHashSet());
                    Assert.True(names.Length <= 2, string.Join(", ", names));
                }
            });
        await using var cleanup = await FaultDatabase.OpenAsync(kind);
        await DropAsync(cleanup, table);
    }

    [Theory, FaultTargets]
    public async Task A_script_in_one_transaction_is_all_or_nothing_whichever_statement_fails(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ft_script");
        var script = string.Join('\n', Enumerable.Range(1, 5).Select(i => $"INSERT INTO {table} (name) VALUES ('s{i}');"));
        await FaultLoop.RunAsync(kind, fault, "script", null,
            reset: async db =>
            {
                await DropAsync(db, table);
                await CreateItemsAsync(db, table);
            },
            scenario: db => db.ExecuteScriptAsync(script),
            verify: async (db, completed) => Assert.Equal(completed ? 5 : 0, await CountAsync(db, table)));
        await using var cleanup = await FaultDatabase.OpenAsync(kind);
        await DropAsync(cleanup, table);
    }
}
