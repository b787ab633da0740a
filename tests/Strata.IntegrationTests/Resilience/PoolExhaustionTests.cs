using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Resilience;

/// <summary>
/// More callers than the pool holds, on a healthy database: those that wait past the timeout get a transient
/// <see cref="PoolExhaustedException"/> naming the pool's size, the breaker stays closed, the pool is not cleared, and the
/// next query runs at once.
/// </summary>
public class PoolExhaustionTests
{
    private const int PoolMax = 2;

    [Theory, AllDatabases]
    public async Task Waiting_past_the_timeout_for_a_full_pool_is_a_transient_pool_error_not_an_outage(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o =>
        {
            o.MaxPoolSize = PoolMax;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });
        var held = new List<ConnectionSession>();
        var connections = new HashSet<long>();
        try
        {
            for (var i = 0; i < PoolMax; i++)
            {
                var session = await database.OpenSessionAsync();
                held.Add(session);
                if (ConnectionId(db) is { } id) connections.Add(await session.ScalarAsync<long>(id));
            }

            // More waiters than the breaker's minimum throughput, all failing within its sampling window.
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await database.ScalarAsync<int>($"SELECT 1");
                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            }))).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.All(outcomes, e =>
            {
                var full = Assert.IsType<PoolExhaustedException>(e);
                Assert.True(full.IsTransient);
                Assert.Equal(PoolMax, full.MaxPoolSize);
                Assert.Equal(TimeSpan.FromSeconds(1), full.Timeout);
                Assert.Contains("pool is exhausted", full.Message, StringComparison.Ordinal);
                Assert.Contains($"all {PoolMax} connections", full.Message, StringComparison.Ordinal);
                Assert.IsAssignableFrom<DatabaseTimeoutException>(full);
            });
            Assert.Equal(CircuitState.Closed, database.CircuitState);
        }
        finally
        {
            foreach (var session in held) await session.DisposeAsync();
        }

        var clock = Stopwatch.StartNew();
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT 1"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"The next query took {clock.Elapsed}.");
        Assert.Equal(CircuitState.Closed, database.CircuitState);
        // The pool was not cleared: the connections that were held went back to it and serve the next query.
        if (ConnectionId(db) is { } sql) Assert.Contains(await database.ScalarAsync<long>(sql), connections);
    }

    private static Sql? ConnectionId(Db db) => db switch
    {
        Db.Postgres => (Sql)$"SELECT pg_backend_pid()",
        Db.MariaDb => (Sql)$"SELECT CONNECTION_ID()",
        _ => null,
    };
}
