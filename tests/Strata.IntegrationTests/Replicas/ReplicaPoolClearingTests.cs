using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Replicas;

/// <summary><c>db.ClearPoolAsync()</c> empties the replicas' pools as well as the primary's.</summary>
[Collection(ReplicaServer.Collection)]
public class ReplicaPoolClearingTests
{
    [ReplicaFact]
    public async Task Clearing_the_pool_clears_each_replicas_pool_too()
    {
        await using var db = await ReplicaServer.OpenAsync(o =>
        {
            o.ReadYourWritesWindow = TimeSpan.Zero;
            o.MaxPoolSize = 1;
        });

        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        var replica = await db.ScalarAsync<int>($"SELECT pg_backend_pid()");
        var primary = await db.OnPrimary().ScalarAsync<int>($"SELECT pg_backend_pid()");
        Assert.Equal(replica, await db.ScalarAsync<int>($"SELECT pg_backend_pid()"));
        Assert.Equal(primary, await db.OnPrimary().ScalarAsync<int>($"SELECT pg_backend_pid()"));

        await db.ClearPoolAsync();

        Assert.NotEqual(replica, await db.ScalarAsync<int>($"SELECT pg_backend_pid()"));
        Assert.NotEqual(primary, await db.OnPrimary().ScalarAsync<int>($"SELECT pg_backend_pid()"));
        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
    }
}
