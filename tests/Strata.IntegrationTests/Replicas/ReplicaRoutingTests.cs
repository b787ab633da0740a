using Strata.IntegrationTests.Infrastructure;
using Strata.Query;

namespace Strata.IntegrationTests.Replicas;

/// <summary>
/// Which server runs what, against a real streaming replica: <c>pg_is_in_recovery()</c> is true on the replica and
/// false on the primary. Read-your-writes is off here (a zero window) so that routing alone decides.
/// </summary>
[Collection(ReplicaServer.Collection)]
public class ReplicaRoutingTests
{
    private static Task<Database> OpenAsync(params string[] replicas) =>
        ReplicaServer.OpenAsync(o => o.ReadYourWritesWindow = TimeSpan.Zero, replicas);

    [ReplicaFact]
    public async Task Reads_outside_a_transaction_go_to_the_replica()
    {
        await using var db = await OpenAsync();

        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        Assert.True(Assert.Single(await db.QueryAsync<bool>($"  /* a hint */ SELECT pg_is_in_recovery()")));
        Assert.True(await db.QueryFirstOrDefaultAsync<bool>($"WITH r AS (SELECT pg_is_in_recovery() AS v) SELECT v FROM r"));
        Assert.True(await db.QuerySingleAsync<bool>($"SELECT pg_is_in_recovery()"));
        await foreach (var inRecovery in db.StreamAsync<bool>($"SELECT pg_is_in_recovery()")) Assert.True(inRecovery);
        await using (var sets = await db.QueryMultipleAsync($"SELECT pg_is_in_recovery(); SELECT 2"))
            Assert.True(await sets.ReadSingleAsync<bool>());
        // Builder queries run through the same methods: only a standby has a WAL receiver.
        Assert.Equal(1, await db.From("pg_stat_wal_receiver").CountAsync());
    }

    [ReplicaFact]
    public async Task Writes_locking_reads_and_prepared_statements_go_to_the_primary()
    {
        await using var db = await OpenAsync();
        var name = TestDatabase.Table("replica_writes");
        var table = Sql.Identifier(name);
        // The replica would refuse DDL and writes: "cannot execute … in a read-only transaction".
        await db.ExecuteAsync($"CREATE TABLE {table} (id BIGINT PRIMARY KEY, written_on_standby BOOLEAN)");
        try
        {
            Assert.Equal(1, await db.ExecuteAsync($"INSERT INTO {table} VALUES (1, pg_is_in_recovery())"));
            Assert.False(await db.ScalarAsync<bool>($"INSERT INTO {table} VALUES (2, pg_is_in_recovery()) RETURNING written_on_standby"));
            Assert.Equal(1, await db.From(name).InsertAsync(new { id = 3, written_on_standby = false }));
            Assert.False(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery() FROM {table} WHERE id = 1 FOR UPDATE"));
            Assert.False(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery() FROM {table} WHERE id = 1 FOR SHARE"));
            Assert.Equal(2, await db.BulkInsertAsync(name, ["id", "written_on_standby"], new[] { new object?[] { 4L, false }, [5L, false] }));
            Assert.Equal(5, await db.OnPrimary().ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE NOT written_on_standby"));
            await using var prepared = await db.PrepareAsync($"SELECT pg_is_in_recovery()");
            Assert.False(Assert.Single(await prepared.QueryAsync<bool>()));
        }
        finally
        {
            await db.ExecuteAsync($"DROP TABLE {table}");
        }
    }

    [ReplicaFact]
    public async Task Transactions_and_everything_inside_them_run_on_the_primary()
    {
        await using var db = await OpenAsync();

        await db.TransactionAsync(async tx =>
        {
            Assert.False(await tx.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
            Assert.False(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()")); // joins the ambient transaction
        });
        await db.TransactionAsync(async tx => Assert.False(await tx.ScalarAsync<bool>($"SELECT pg_is_in_recovery()")),
            new TransactionOptions { ReadOnly = true });
        await using (var tx = await db.BeginTransactionAsync())
        {
            Assert.False(await tx.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
            Assert.Equal(0, await tx.From("pg_stat_wal_receiver").CountAsync());
        }
        await using (var session = await db.OpenSessionAsync())
        {
            Assert.False(await session.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        }
        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
    }

    [ReplicaFact]
    public async Task OnPrimary_keeps_reads_on_the_primary_and_combines_with_a_command_timeout()
    {
        await using var db = await OpenAsync();

        Assert.False(await db.OnPrimary().ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        Assert.Equal(0, await db.OnPrimary().From("pg_stat_wal_receiver").CountAsync());
        Assert.False(await db.WithCommandTimeout(TimeSpan.FromSeconds(5)).OnPrimary().ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        var primaryWithTimeout = db.OnPrimary().WithCommandTimeout(TimeSpan.FromSeconds(7));
        Assert.False(await primaryWithTimeout.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
        Assert.True(await db.WithCommandTimeout(TimeSpan.FromSeconds(5)).ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
    }

    [ReplicaFact]
    public async Task Reads_take_turns_over_the_replicas()
    {
        // The same replica twice, told apart by the application name each entry sets.
        await using var db = await OpenAsync(ReplicaServer.UrlWith("application_name=first"), ReplicaServer.UrlWith("application_name=second"));

        var seen = new List<string>();
        for (var i = 0; i < 6; i++) seen.Add((await db.ScalarAsync<string>($"SELECT current_setting('application_name')"))!);

        Assert.Equal(3, seen.Count(n => n == "first"));
        Assert.Equal(3, seen.Count(n => n == "second"));
        for (var i = 1; i < seen.Count; i++) Assert.NotEqual(seen[i - 1], seen[i]);
        Assert.Equal(2, db.GetReplicaStatus().Count);
    }

    [ReplicaFact]
    public async Task Rows_written_on_the_primary_are_read_from_the_replica_within_a_second()
    {
        await using var db = await OpenAsync();
        var table = Sql.Identifier(TestDatabase.Table("replica_lag"));
        await db.ExecuteAsync($"CREATE TABLE {table} (id BIGINT PRIMARY KEY)");
        try
        {
            await db.ExecuteAsync($"INSERT INTO {table} VALUES (1)");
            var written = TimeProvider.System.GetTimestamp();
            long? seen = null;
            while (TimeProvider.System.GetElapsedTime(written) < TimeSpan.FromSeconds(1))
            {
                try
                {
                    seen = await db.ScalarAsync<long>($"SELECT count(*) FROM {table}");
                }
                catch (DatabaseException)
                {
                    // The table itself may not have been replayed yet.
                }
                if (seen == 1) break;
                await Task.Delay(20);
            }
            Assert.Equal(1, seen);
            Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery() FROM {table}"));
        }
        finally
        {
            await db.ExecuteAsync($"DROP TABLE {table}");
        }
    }

    [ReplicaFact]
    public async Task A_failing_query_on_the_replica_surfaces_and_leaves_it_in_rotation()
    {
        await using var db = await OpenAsync();

        await Assert.ThrowsAnyAsync<DatabaseException>(() => db.ScalarAsync<int>($"SELECT 1 / 0"));
        await Assert.ThrowsAnyAsync<DatabaseException>(() => db.QueryAsync<int>($"SELECT * FROM no_such_table_anywhere"));

        var status = Assert.Single(db.GetReplicaStatus());
        Assert.True(status.IsHealthy);
        Assert.Null(status.LastError);
        Assert.True(await db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()"));
    }
}
