using System.Collections.Concurrent;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Resilience;

namespace Strata.FaultTests;

/// <summary>
/// Eight workers move money between accounts while the test's own server is killed (PostgreSQL's immediate stop, MariaDB's
/// SIGKILL) and started again. Afterwards the money adds up, no balance is negative, every transfer whose commit was
/// acknowledged is there, and every error the workers saw was a typed <see cref="DatabaseException"/>.
/// </summary>
public class ServerKillTests
{
    private const int Accounts = 10, Start = 1000, Workers = 8;

    [Theory, ServerDatabases]
    public async Task Transfers_survive_server_kills_with_no_money_lost_and_every_acknowledged_commit_kept(Db kind)
    {
        var seed = Environment.GetEnvironmentVariable("STRATA_FAULT_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        var kills = Environment.GetEnvironmentVariable("STRATA_FAULT_KILLS") is { } k ? int.Parse(k) : 2;
        await using var server = kind == Db.Postgres ? await OwnServer.PostgresAsync() : await OwnServer.MariaDbAsync();
        await using (var setup = Database.Open(server.Url))
        {
            await setup.ExecuteAsync($"CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            await setup.ExecuteAsync($"CREATE TABLE transfers (id VARCHAR(40) PRIMARY KEY, amount INTEGER NOT NULL)");
            for (var i = 0; i < Accounts; i++) await setup.ExecuteAsync($"INSERT INTO accounts (id, balance) VALUES ({i}, {Start})");
        }
        var options = new DatabaseOptions
        {
            Url = server.Url,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            CommandTimeout = TimeSpan.FromSeconds(5),
            Resilience = new ConnectionResilienceOptions
            {
                OpenRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200), MaxOpenTime = TimeSpan.FromSeconds(3),
                BreakDuration = TimeSpan.FromMilliseconds(500),
            },
        };
        var acknowledged = new ConcurrentBag<string>();
        var unknown = new ConcurrentBag<string>();
        var errors = new ConcurrentDictionary<string, int>();
        var untyped = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        await using var db = Database.Open(options);

        async Task WorkAsync(int worker)
        {
            var random = new Random(seed + worker);
            while (!stop.IsCancellationRequested)
            {
                var from = random.Next(Accounts);
                var to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
                var amount = random.Next(1, 200);
                var id = Guid.NewGuid().ToString("N");
                try
                {
                    var moved = await db.TransactionAsync(async tx =>
                    {
                        // Lock both rows in id order, so that workers never deadlock each other.
                        foreach (var account in new[] { from, to }.Order())
                            await tx.ScalarAsync<int>($"SELECT balance FROM accounts WHERE id = {account} FOR UPDATE");
                        var taken = await tx.ExecuteAsync($"UPDATE accounts SET balance = balance - {amount} WHERE id = {from} AND balance >= {amount}");
                        if (taken.RowsAffected == 0) return false;
                        await tx.ExecuteAsync($"UPDATE accounts SET balance = balance + {amount} WHERE id = {to}");
                        await tx.ExecuteAsync($"INSERT INTO transfers (id, amount) VALUES ({id}, {amount})");
                        return true;
                    }, new TransactionOptions { Retries = 3 });
                    if (moved) acknowledged.Add(id);
                }
                catch (CommitOutcomeUnknownException)
                {
                    unknown.Add(id);
                    errors.AddOrUpdate(nameof(CommitOutcomeUnknownException), 1, (_, n) => n + 1);
                }
                catch (DatabaseException e)
                {
                    errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                    await Task.Delay(20);
                }
                catch (Exception e)
                {
                    untyped.Enqueue(e);
                    await Task.Delay(20);
                }
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
        var random = new Random(seed);
        for (var kill = 0; kill < kills; kill++)
        {
            await Task.Delay(random.Next(400, 1200));
            await server.KillAsync();
            await Task.Delay(random.Next(100, 600));
            await server.StartAsync();
        }
        // Work goes on after the last restart, until some transfers have gone through again.
        var before = acknowledged.Count;
        for (var wait = 0; wait < 100 && acknowledged.Count < before + 20; wait++) await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var where = $"{kind}, {kills} kill(s), STRATA_FAULT_SEED={seed}; errors seen: {string.Join(", ", errors.Select(e => $"{e.Key} ×{e.Value}"))}";
        Assert.True(untyped.IsEmpty, $"{where}: {untyped.Count} error(s) that are not DatabaseException, the first: {untyped.FirstOrDefault()}");
        Assert.True(!errors.IsEmpty, $"{where}: the workers saw no error, so no kill hit them");
        Assert.True(acknowledged.Count > before, $"{where}: no transfer went through after the last restart");
        await using var check = Database.Open(server.Url);
        var balances = await check.QueryAsync<long>($"SELECT balance FROM accounts");
        Assert.True(balances.Sum() == Accounts * Start, $"{where}: the balances add up to {balances.Sum()}, not {Accounts * Start}");
        Assert.True(balances.All(b => b >= 0), $"{where}: a balance is negative: {string.Join(", ", balances)}");
        var stored = (await check.QueryAsync<string>($"SELECT id FROM transfers")).ToHashSet();
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{where}: {lost.Count} acknowledged transfer(s) missing");
        var unexplained = stored.Count - acknowledged.Count;
        Assert.True(unexplained >= 0 && unexplained <= unknown.Count, $"{where}: {stored.Count} transfers stored, {acknowledged.Count} acknowledged, {unknown.Count} with an unknown outcome");
    }
}
