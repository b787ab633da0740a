// QuickStart: a SQLite file by default; pass another URL (postgres://…, mariadb://…) and nothing else changes.
// The schema comes from SQL-file migrations (migrations/) and a module that brings its own tables (modules/audit);
// seed data is written with upserts, so running the sample again leaves the same rows.
using Strata;
using Strata.Modules;
using Strata.Query;

var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("DATABASE_URL") ?? "sqlite:quickstart.db";
var options = new DatabaseOptions { Url = url };
options.Migrations.AddFolder(Path.Combine(AppContext.BaseDirectory, "migrations"));
options.Modules.AddFolder(Path.Combine(AppContext.BaseDirectory, "modules"));
options.Seeds.AddTypes(typeof(CustomerSeeder));
await using var db = Database.Open(options);
Console.WriteLine($"Opened {db}");

var applied = await db.Migrator.UpAsync();
Console.WriteLine(applied.Steps.Count == 0
    ? "Migrations: up to date"
    : $"Migrations: applied {string.Join(", ", applied.Steps.Select(s => s.Migration.ToString()))}");
foreach (var module in await db.Schemas.ApplyAsync())
    Console.WriteLine($"Module {module.Module}: {module.State}");

// Seeding twice: the upserts leave two customers and two accounts, not four.
await db.Seeder.SeedAsync("development");
await db.Seeder.SeedAsync("development");
Console.WriteLine($"Seeded {await db.From("customers").CountAsync()} customers and {await db.From("accounts").CountAsync()} accounts (seeded twice)");

try
{
    await db.ExecuteAsync($"INSERT INTO customers (id, name, email) VALUES ({3}, {"Imposter"}, {"ada@example.com"})");
}
catch (UniqueViolationException e)
{
    Console.WriteLine($"Refused a duplicate email: {e.GetType().Name}");
}

await PrintBalancesAsync(db);

// Moves credits between two accounts in one transaction with its audit row; refuses (and rolls back) when the balance is short.
async Task TransferAsync(long from, long to, long amount)
{
    try
    {
        await db.TransactionAsync(async tx =>
        {
            var balance = await tx.ScalarAsync<long>($"SELECT balance FROM accounts WHERE id = {from}");
            if (balance < amount)
                throw new InvalidOperationException($"account {from} has {balance} credits, {amount} requested");
            await tx.ExecuteAsync($"UPDATE accounts SET balance = balance - {amount} WHERE id = {from}");
            await tx.ExecuteAsync($"UPDATE accounts SET balance = balance + {amount} WHERE id = {to}");
            var id = await tx.ScalarAsync<long>($"SELECT next_id FROM audit_sequence");
            await tx.ExecuteAsync($"UPDATE audit_sequence SET next_id = next_id + 1");
            await tx.From("audit_transfers").InsertAsync(new { id, from_account = from, to_account = to, amount, note = "quickstart" });
        }, new TransactionOptions { Retries = 5 });
        Console.WriteLine($"Transferred {amount} credits from account {from} to account {to}");
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"Refused transfer of {amount} credits: {e.Message}; nothing changed");
    }
}

await TransferAsync(10, 20, 30);
await TransferAsync(20, 10, 500);
await PrintBalancesAsync(db);

var total = await db.ScalarAsync<long>($"SELECT SUM(balance) FROM accounts");
Console.WriteLine($"Total credits: {total} (unchanged: {total == 150}); audit rows so far: {await db.From("audit_transfers").CountAsync()}");
return total == 150 ? 0 : 1;

static async Task PrintBalancesAsync(Database db)
{
    var rows = await db.QueryAsync<AccountView>($"""
        SELECT a.id, c.name AS owner, a.balance
        FROM accounts a JOIN customers c ON c.id = a.customer_id
        ORDER BY a.id
        """);
    foreach (var row in rows) Console.WriteLine($"  account {row.Id} ({row.Owner}): {row.Balance} credits");
}

/// <summary>One line of the balance report.</summary>
internal sealed record AccountView(long Id, string Owner, long Balance);

/// <summary>Two customers with an account each; upserts, so seeding again restores the same rows and balances.</summary>
internal sealed class CustomerSeeder : ISeeder
{
    public IReadOnlyCollection<string> Environments => ["development"];

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        await context.Session.From("customers").UpsertManyAsync(new[]
        {
            new { id = 1L, name = "Ada", email = "ada@example.com" },
            new { id = 2L, name = "Grace", email = "grace@example.com" },
        }, ["id"], cancellationToken: cancellationToken);
        await context.Session.From("accounts").UpsertManyAsync(new[]
        {
            new { id = 10L, customer_id = 1L, balance = 100L },
            new { id = 20L, customer_id = 2L, balance = 50L },
        }, ["id"], cancellationToken: cancellationToken);
    }
}
