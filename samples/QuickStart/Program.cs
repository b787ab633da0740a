// QuickStart: a SQLite file by default; pass another URL (postgres://…, mariadb://…) and nothing else changes.
using Strata;
using Strata.Errors;
using Strata.Transactions;

var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("DATABASE_URL") ?? "sqlite:quickstart.db";
await using var db = Database.Open(url);
Console.WriteLine($"Opened {db}");

// Two related tables, written as raw SQL that every supported database accepts.
await db.ExecuteAsync($"DROP TABLE IF EXISTS accounts");
await db.ExecuteAsync($"DROP TABLE IF EXISTS customers");
await db.ExecuteAsync($"""
    CREATE TABLE customers (
        id BIGINT PRIMARY KEY,
        name VARCHAR(100) NOT NULL,
        email VARCHAR(200) NOT NULL UNIQUE)
    """);
await db.ExecuteAsync($"""
    CREATE TABLE accounts (
        id BIGINT PRIMARY KEY,
        customer_id BIGINT NOT NULL REFERENCES customers (id),
        balance BIGINT NOT NULL CHECK (balance >= 0))
    """);

var customers = new[] { (Id: 1L, Name: "Ada", Email: "ada@example.com"), (Id: 2L, Name: "Grace", Email: "grace@example.com") };
foreach (var c in customers)
    await db.ExecuteAsync($"INSERT INTO customers (id, name, email) VALUES ({c.Id}, {c.Name}, {c.Email})");
await db.ExecuteAsync($"INSERT INTO accounts (id, customer_id, balance) VALUES ({10}, {1}, {100}), ({20}, {2}, {50})");
Console.WriteLine($"Inserted {customers.Length} customers and {await db.ScalarAsync<int>($"SELECT COUNT(*) FROM accounts")} accounts");

try
{
    await db.ExecuteAsync($"INSERT INTO customers (id, name, email) VALUES ({3}, {"Imposter"}, {"ada@example.com"})");
}
catch (UniqueViolationException e)
{
    Console.WriteLine($"Refused a duplicate email: {e.GetType().Name}");
}

await PrintBalancesAsync(db);

// Moves credits between two accounts in one transaction; refuses (and rolls back) when the balance is short.
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
Console.WriteLine($"Total credits: {total} (unchanged: {total == 150})");
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
