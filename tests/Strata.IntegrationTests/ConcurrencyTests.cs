using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Strata.IntegrationTests;

/// <summary>Many concurrent transactions on a few rows keep the data consistent.</summary>
public class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Accounts = 10;
    private const int Workers = 16;
    private const int Transfers = 2000;
    private const long InitialBalance = 1000;

    /// <summary>
    /// 16 workers make 2,000 random transfers between 10 accounts, each in its own transaction that
    /// reads both balances (locked with FOR UPDATE in id order on the servers; SQLite's read-write
    /// transactions lock the database when they begin) and refuses when the payer is short. Money is
    /// neither created nor lost, and no balance goes below zero. Half of each transfer runs through the
    /// database itself, so the workers' ambient transactions must never mix.
    /// </summary>
    [Theory, AllDatabases]
    public Task Concurrent_transfers_keep_the_total_and_never_overdraw(Db db) => RunTransfersAsync(db, optimistic: false);

    /// <summary>
    /// The same transfers with no row locks, under SERIALIZABLE (SQLite: deferred transactions): the
    /// databases detect the conflicts (PostgreSQL 40001, MariaDB deadlocks on its shared read locks,
    /// SQLite stale snapshots) and the losers are run again until they go through.
    /// </summary>
    [Theory, AllDatabases]
    public Task Conflicting_serializable_transfers_are_retried_and_keep_the_total(Db db) => RunTransfersAsync(db, optimistic: true);

    private async Task RunTransfersAsync(Db db, bool optimistic)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("conc_acc");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.BigInt(db))} PRIMARY KEY, balance {Sql.Raw(Types.BigInt(db))} NOT NULL)");
        try
        {
            await database.TransactionAsync(async tx =>
            {
                for (var id = 1; id <= Accounts; id++)
                    await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, balance) VALUES ({id}, {InitialBalance})");
            });

            var forUpdate = Sql.Raw(db == Db.Sqlite || optimistic ? "" : " FOR UPDATE");
            var options = optimistic
                ? new TransactionOptions { Retries = 30, Isolation = System.Data.IsolationLevel.Serializable, Mode = TransactionMode.Deferred }
                : new TransactionOptions { Retries = 20 };
            var remaining = Transfers;
            int attempts = 0, moved = 0, refused = 0, mostAttempts = 0;

            async Task WorkAsync(int worker)
            {
                var random = new Random(7919 * (worker + 1));
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var from = random.Next(1, Accounts + 1);
                    var to = random.Next(1, Accounts);
                    if (to >= from) to++;
                    var amount = random.Next(1, 400);
                    var tries = 0;
                    var done = await database.TransactionAsync(async tx =>
                    {
                        Interlocked.Increment(ref attempts);
                        tries++;
                        if (!ReferenceEquals(tx, database.CurrentTransaction))
                            throw new InvalidOperationException("The ambient transaction is not this worker's.");
                        var rows = await tx.QueryAsync<AccountRow>(
                            $"SELECT id, balance FROM {Sql.Identifier(table)} WHERE id IN ({new[] { from, to }}) ORDER BY id{forUpdate}");
                        if (rows.Single(r => r.Id == from).Balance < amount) return false;
                        await database.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance - {amount} WHERE id = {from}");
                        await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {amount} WHERE id = {to}");
                        return true;
                    }, options);
                    Interlocked.Increment(ref done ? ref moved : ref refused);
                    int most;
                    while (tries > (most = Volatile.Read(ref mostAttempts)) && Interlocked.CompareExchange(ref mostAttempts, tries, most) != most) { }
                }
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w)))).WaitAsync(TimeSpan.FromSeconds(120));
            clock.Stop();
            output.WriteLine($"{db}{(optimistic ? " (serializable, no locks)" : "")}: {Transfers} transfers by {Workers} workers in {clock.Elapsed.TotalSeconds:0.00} s; {moved} moved, {refused} refused, {attempts - Transfers} retries, at most {mostAttempts} attempts for one transfer.");

            Assert.Equal(Transfers, moved + refused);
            Assert.True(attempts >= Transfers);
            Assert.True(moved > Transfers / 2, $"Only {moved} transfers went through.");
            var balances = await database.QueryAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} ORDER BY id");
            Assert.Equal(Accounts, balances.Count);
            Assert.Equal(Accounts * InitialBalance, balances.Sum());
            Assert.All(balances, b => Assert.True(b >= 0, $"A balance went negative: {b}."));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    public sealed record AccountRow(long Id, long Balance);
}
