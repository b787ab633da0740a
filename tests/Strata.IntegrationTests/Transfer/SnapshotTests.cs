using Strata.IntegrationTests.Infrastructure;
using Strata.Transfer;

namespace Strata.IntegrationTests.Transfer;

/// <summary>
/// A dump taken while eight writers move money between accounts (each move updates two balances and logs a transfer row,
/// in one transaction) is a state that existed: the archive keeps every invariant the writers keep, across both tables.
/// </summary>
public class SnapshotTests
{
    private const int Accounts = 20;
    private const long Opening = 1_000;

    [Theory, AllDatabases]
    public async Task A_dump_taken_while_eight_writers_commit_reads_every_table_from_one_snapshot(Db db)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        await using var database = Database.Open(scratch.Url);
        await database.Schema.CreateTable("accounts", t => { t.Increments("id"); t.BigInteger("balance"); }).ExecuteAsync();
        await database.Schema.CreateTable("transfers", t => { t.Increments("id"); t.Integer("from_id"); t.Integer("to_id"); t.BigInteger("amount"); }).ExecuteAsync();
        for (var i = 0; i < Accounts; i++) await database.ExecuteAsync($"INSERT INTO accounts (balance) VALUES ({Opening})");

        long commits = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var (a, b) = (random.Next(1, Accounts + 1), random.Next(1, Accounts + 1));
                if (a == b) continue;
                long amount = random.Next(1, 50);
                await database.TransactionAsync(async tx =>
                {
                    // Lower id first, so two writers never wait on each other in a circle.
                    await tx.ExecuteAsync($"UPDATE accounts SET balance = balance + {(a < b ? -amount : amount)} WHERE id = {Math.Min(a, b)}");
                    await tx.ExecuteAsync($"UPDATE accounts SET balance = balance + {(a < b ? amount : -amount)} WHERE id = {Math.Max(a, b)}");
                    await tx.ExecuteAsync($"INSERT INTO transfers (from_id, to_id, amount) VALUES ({a}, {b}, {amount})");
                }, new TransactionOptions { Retries = 20 });
                Interlocked.Increment(ref commits);
            }
        })).ToList();

        // Let the writers get going, then hold the dump at each table's start until they have committed more.
        while (Interlocked.Read(ref commits) < 20) await Task.Delay(10);
        var progress = new SyncProgress(p =>
        {
            if (p.Rows != 0 || p.Done) return;
            var target = Interlocked.Read(ref commits) + 30;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Interlocked.Read(ref commits) < target && waited.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
        });
        using var archive = new MemoryStream();
        var start = Interlocked.Read(ref commits);
        var dumped = await database.DumpAsync(archive, new DumpOptions { BatchSize = 5, Progress = progress });
        var afterDump = Interlocked.Read(ref commits);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(afterDump - start >= 60, $"Only {afterDump - start} commits happened during the dump.");
        await using var copy = await ScratchDatabase.CreateAsync(Db.Sqlite);
        await using var restored = Database.Open(copy.Url);
        archive.Position = 0;
        Assert.Equal(dumped, await restored.RestoreAsync(archive));

        // Money is neither made nor lost, and each balance is its opening plus the transfers the same snapshot logged.
        Assert.Equal(Accounts * Opening, await restored.ScalarAsync<long>($"SELECT SUM(balance) FROM accounts"));
        var mismatched = await restored.ScalarAsync<long>($"""
            SELECT COUNT(*) FROM accounts a
            WHERE a.balance <> {Opening} + COALESCE((SELECT SUM(amount) FROM transfers WHERE to_id = a.id), 0)
                                          - COALESCE((SELECT SUM(amount) FROM transfers WHERE from_id = a.id), 0)
            """);
        Assert.Equal(0, mismatched);
        var archived = dumped.Single(t => t.Table == "transfers").Rows;
        Assert.True(archived > 0);
        Assert.True(await database.ScalarAsync<long>($"SELECT COUNT(*) FROM transfers") >= archived + 30, "The writers' later commits are not in the archive.");
    }

    /// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class SyncProgress(Action<TransferProgress> handler) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => handler(value);
    }
}
