
namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// Two transactions that collide so that one of them is run again. PostgreSQL and MariaDB: each updates rows 1 and 2
/// of a table with a <c>balance</c> column in the opposite order, so one is the deadlock victim. SQLite: both read and
/// then write in deferred transactions, so the one whose snapshot went stale fails.
/// </summary>
public static class CrossedUpdates
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Runs the pair with five retries and returns how many times each delegate ran.</summary>
    public static async Task<int[]> RunAsync(Database database, Db db, string table)
    {
        var t = Sql.Identifier(table);
        var attempts = new int[2];
        var firstRound = new Rendezvous(2);
        var options = new TransactionOptions { Retries = 5, Mode = db == Db.Sqlite ? TransactionMode.Deferred : null };

        Task Worker(int index, int first, int second) => database.TransactionAsync(async tx =>
        {
            var attempt = Interlocked.Increment(ref attempts[index]);
            if (db == Db.Sqlite)
            {
                await tx.ScalarAsync<long>($"SELECT sum(balance) FROM {t}");
                if (attempt == 1) await firstRound.ArriveAndWaitAsync();
                await tx.ExecuteAsync($"UPDATE {t} SET balance = balance + 1 WHERE id = {first}");
            }
            else
            {
                await tx.ExecuteAsync($"UPDATE {t} SET balance = balance + 1 WHERE id = {first}");
                if (attempt == 1) await firstRound.ArriveAndWaitAsync();
            }
            await tx.ExecuteAsync($"UPDATE {t} SET balance = balance + 1 WHERE id = {second}");
        }, options);

        await Task.WhenAll(Task.Run(() => Worker(0, 1, 2)), Task.Run(() => Worker(1, 2, 1))).WaitAsync(Patience);
        return attempts;
    }
}
