using Strata.FaultTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>
/// Servers of the test's own log every statement while public operations run with distinctive values. PostgreSQL
/// (<c>log_statement=all</c>, bind parameters left out of the log): none of the values may appear, so none was written into SQL
/// text. MariaDB's general log: MySqlConnector substitutes values on the client by design, escaped, so they appear; each must
/// sit inside a string literal.
/// </summary>
public class ParameterizationAuditTests
{
    [System.ComponentModel.DataAnnotations.Schema.Table("audit_items")]
    public sealed class AuditItem
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long Score { get; set; }
    }

    /// <summary>Runs public operations with distinctive values; returns the string values and the numbers it used.</summary>
    private static async Task<(List<string> Strings, List<string> Numbers)> RunOperationsAsync(string url)
    {
        var counter = 0;
        var values = new List<string>();
        string Value()
        {
            var value = $"Zq{++counter:D3}Xv{Guid.NewGuid().ToString("N")[..6]}";
            values.Add(value);
            return value;
        }
        long Number() => 7_300_000_000L + 1000 * ++counter + 37;

        await using (var db = Database.Open(new DatabaseOptions { Url = url, NamingConvention = NamingConvention.SnakeCase }))
        {
            await db.Schema.CreateTable("audit_items", t => { t.BigIncrements("id"); t.String("name", 100); t.BigInteger("score"); }).ExecuteAsync();
            var numbers = new List<long>();
            long N()
            {
                var n = Number();
                numbers.Add(n);
                return n;
            }

            await db.ExecuteAsync($"INSERT INTO audit_items (name, score) VALUES ({Value()}, {N()})");
            await db.QueryAsync<AuditItem>($"SELECT * FROM audit_items WHERE name = {Value()} OR score = {N()}");
            await db.ScalarAsync<long>($"SELECT COUNT(*) FROM audit_items WHERE name IN ({new[] { Value(), Value() }})");
            await db.ExecuteRawAsync("UPDATE audit_items SET name = ? WHERE score = ?", Value(), N());
            await db.QueryRawAsync<AuditItem>("SELECT * FROM audit_items WHERE name = $1", Value());
            await db.From("audit_items").InsertAsync(new { name = Value(), score = N() });
            await db.From("audit_items").Where("name", Value()).OrWhere("score", ">", N()).ToListAsync<AuditItem>();
            await db.From("audit_items").WhereIn("name", new[] { Value(), Value() }).WhereLike("name", Value() + "%").CountAsync();
            await db.From("audit_items").WhereBetween("score", N(), N()).UpdateAsync(new { name = Value() });
            await db.From("audit_items").Where("name", Value()).DeleteAsync();
            await db.From<AuditItem>().Where(i => i.Name == values[0] || i.Score > 5).ToListAsync();
            var items = new Repository<AuditItem, long>(db, new RepositoryOptions { Table = "audit_items" });
            var created = await items.CreateAsync(new AuditItem { Name = Value(), Score = N() });
            created.Name = Value();
            await items.UpdateAsync(created);
            await items.UpdateAsync(created.Id, new { name = Value() });
            await items.FindOneAsync(new { name = Value() });
            await db.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"INSERT INTO audit_items (name, score) VALUES ({Value()}, {N()})");
                await tx.TransactionAsync(inner => inner.ExecuteAsync($"UPDATE audit_items SET score = {N()} WHERE name = {Value()}"));
            });
            await db.BulkInsertAsync("audit_items", ["name", "score"], Enumerable.Range(0, 3).Select(_ => new object?[] { Value(), N() }));
            await using (var prepared = await db.PrepareAsync($"SELECT COUNT(*) FROM audit_items WHERE name = {Value()}"))
            {
                await prepared.QueryAsync<long>(Value());
                await prepared.QueryAsync<long>(Value());
            }
            await db.From("audit_items").UpsertAsync(new { id = 1L, name = Value(), score = N() }, ["id"]);
            return (values, numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        }

    }

    [Fact]
    public async Task No_value_of_a_public_operation_appears_in_the_PostgreSQL_statement_log()
    {
        await using var server = await OwnServer.PostgresAsync("log_statement=all", "log_parameter_max_length=0", "log_parameter_max_length_on_error=0",
            "log_min_error_statement=panic");
        var (strings, numbers) = await RunOperationsAsync(server.Url);
        var log = await File.ReadAllTextAsync(server.LogFile);
        Assert.Contains("audit_items", log, StringComparison.Ordinal);
        var leaked = strings.Concat(numbers).Where(v => log.Contains(v, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"values written into SQL text: {string.Join(", ", leaked)}; log lines: " +
            string.Join(" | ", log.Split('\n').Where(l => leaked.Any(v => l.Contains(v, StringComparison.Ordinal))).Take(5)));
    }

    [Fact]
    public async Task Every_string_value_in_the_MariaDB_general_log_is_a_quoted_literal()
    {
        // MySqlConnector puts values into the statement it sends, escaped: the general log shows them, and each must sit inside
        // a string literal, never in the SQL around it.
        await using var server = await OwnServer.MariaDbAsync("--general-log=1");
        var (strings, _) = await RunOperationsAsync(server.Url);
        var log = await File.ReadAllTextAsync(server.LogFile);
        Assert.Contains("audit_items", log, StringComparison.Ordinal);
        Assert.Contains(strings, v => log.Contains(v, StringComparison.Ordinal));
        foreach (var value in strings)
        {
            for (var at = log.IndexOf(value, StringComparison.Ordinal); at >= 0; at = log.IndexOf(value, at + 1, StringComparison.Ordinal))
            {
                var line = log[(log.LastIndexOf('\n', at) + 1)..];
                line = line[..Math.Max(0, line.IndexOf('\n') is var end and >= 0 ? end : line.Length)];
                Assert.True(at > 0 && log[at - 1] == '\'', $"the value {value} is not inside a string literal in: {line}");
            }
        }
    }
}
