using Strata.Cli.Tests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.Cli.Tests;

/// <summary>db dump and db restore: an archive written from one database restores into another, refusing what it must.</summary>
public class TransferCommandTests
{
    private static async Task FillAsync(string url)
    {
        await using var database = Database.Open(url);
        await database.Schema.CreateTable("customers", t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
        await database.Schema.CreateTable("orders", t => { t.BigIncrements("id"); t.BigInteger("customer_id").References("customers"); t.Decimal("total", 10, 2); }).ExecuteAsync();
        await database.ExecuteAsync($"INSERT INTO customers (name) VALUES ('Zoë')");
        await database.ExecuteAsync($"INSERT INTO orders (customer_id, total) VALUES (1, 12.50)");
    }

    [Theory, ServerDatabases]
    public async Task Dump_from_sqlite_restores_into_a_server_and_a_second_restore_needs_replace(Db db)
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await using var to = await ScratchDatabase.CreateAsync(db);
        await FillAsync(from.Url);
        var folder = Tool.Folder();

        var dumped = await Tool.ProcessAsync(folder, "db", "dump", "-o", "backup.strata", "--url", from.Url);
        Assert.True(dumped.ExitCode == 0, dumped.Error);
        Assert.Contains("customers", dumped.Out);
        Assert.Contains("Wrote backup.strata: 2 tables, 2 rows.", dumped.Out + dumped.Error);

        var restored = await Tool.RunAsync(folder, "db", "restore", "backup.strata", "--url", to.Url, "--json");
        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Equal([1L, 1L], restored.Json().GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("rows").GetInt64()));
        await using (var database = Database.Open(to.Url))
        {
            Assert.Equal("Zoë", await database.ScalarAsync<string>($"SELECT name FROM customers"));
            Assert.Equal(12.50m, await database.ScalarAsync<decimal>($"SELECT total FROM orders"));
        }

        var again = await Tool.RunAsync(folder, "db", "restore", "backup.strata", "--url", to.Url);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--replace", again.Error);
        var replaced = await Tool.RunAsync(folder, "db", "restore", "backup.strata", "--url", to.Url, "--replace", "--force");
        Assert.True(replaced.ExitCode == 0, replaced.Error);
    }

    [Fact]
    public async Task Dump_of_an_unknown_table_fails_and_leaves_no_file()
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await FillAsync(from.Url);
        var folder = Tool.Folder();

        var result = await Tool.RunAsync(folder, "db", "dump", "-o", "x.strata", "--tables", "nope", "--url", from.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no table 'nope'", result.Error);
        Assert.False(File.Exists(Path.Combine(folder, "x.strata")));
    }

    [Fact]
    public async Task A_failed_dump_keeps_the_archive_it_would_have_replaced()
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await FillAsync(from.Url);
        var folder = Tool.Folder();
        Assert.Equal(0, (await Tool.RunAsync(folder, "db", "dump", "-o", "x.strata", "--url", from.Url)).ExitCode);
        var previous = await File.ReadAllBytesAsync(Path.Combine(folder, "x.strata"));

        var result = await Tool.RunAsync(folder, "db", "dump", "-o", "x.strata", "--tables", "nope", "--url", from.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(previous, await File.ReadAllBytesAsync(Path.Combine(folder, "x.strata")));
        Assert.Equal(["x.strata"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Copy_moves_the_tables_into_the_database_named_by_to()
    {
        await using var from = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await using var to = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await FillAsync(from.Url);

        var result = await Tool.RunAsync(Tool.Folder(), "db", "copy", "--url", from.Url, "--to", to.Url, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["customers", "orders"], result.Json().GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("table").GetString()));
        await using var database = Database.Open(to.Url);
        Assert.Equal("Zoë", await database.ScalarAsync<string>($"SELECT name FROM customers"));
    }
}
