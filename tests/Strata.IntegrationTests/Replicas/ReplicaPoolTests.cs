using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Replicas;

/// <summary>A replica whose pool is full is passed over for a read, without leaving the rotation: it is busy, not down.</summary>
[Collection(ReplicaServer.Collection)]
public class ReplicaPoolTests
{
    [ReplicaFact]
    public async Task A_read_that_finds_the_replica_pool_full_runs_on_the_primary_and_the_replica_stays_in_rotation()
    {
        await using var db = await ReplicaServer.OpenAsync(o =>
        {
            o.MaxPoolSize = 1;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
            o.ReadYourWritesWindow = TimeSpan.Zero;
        });
        // A stream keeps its reader, and so the replica's only connection, while it is being enumerated.
        var stream = db.StreamAsync<bool>($"SELECT pg_is_in_recovery()").GetAsyncEnumerator();
        try
        {
            Assert.True(await stream.MoveNextAsync());
            Assert.True(stream.Current);

            Assert.False(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));

            var replica = Assert.Single(db.GetReplicaStatus());
            Assert.True(replica.IsHealthy);
            Assert.Null(replica.LastError);
        }
        finally
        {
            await stream.DisposeAsync();
        }
        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
    }
}
