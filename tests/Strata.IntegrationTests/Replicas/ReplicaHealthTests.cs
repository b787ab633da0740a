using Microsoft.Extensions.Logging;
using Strata.IntegrationTests.Infrastructure;
using Strata.Providers;

namespace Strata.IntegrationTests.Replicas;

/// <summary>
/// A replica whose connection fails leaves the rotation without the read failing, and a background probe puts it back
/// once it answers. These tests stop the real replica, and start it again before they end.
/// </summary>
[Collection(ReplicaServer.Collection)]
public class ReplicaHealthTests
{
    private static Task<bool> OnReplicaAsync(Database db) => db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()");

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > patience) throw new TimeoutException($"Waited {patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    [ReplicaFact]
    public async Task A_stopped_replica_is_skipped_without_errors_and_probed_back_in_when_it_returns()
    {
        var logs = new ListLoggerFactory();
        await using var db = await ReplicaServer.OpenAsync(o =>
        {
            o.ReadYourWritesWindow = TimeSpan.Zero;
            o.ReplicaProbeDelay = TimeSpan.FromMilliseconds(200);
            o.LoggerFactory = logs;
        });
        // Several pooled connections to the replica, all of which the shutdown breaks.
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OnReplicaAsync(db)))), Assert.True);
        try
        {
            await ReplicaServer.StopAsync();

            Assert.False(await OnReplicaAsync(db));
            Assert.False(Assert.Single(await db.QueryAsync<bool>($"SELECT pg_is_in_recovery()")));
            await foreach (var inRecovery in db.StreamAsync<bool>($"SELECT pg_is_in_recovery()")) Assert.False(inRecovery);
            var down = Assert.Single(db.GetReplicaStatus());
            Assert.False(down.IsHealthy);
            Assert.Equal(nameof(ConnectionFailureException), down.LastError);
            Assert.NotNull(down.LastErrorAt);
            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("out of rotation", StringComparison.Ordinal));

            await ReplicaServer.StartAsync();
            await WaitUntilAsync(() => db.GetReplicaStatus()[0].IsHealthy, TimeSpan.FromSeconds(30), "the probe to put the replica back");

            Assert.True(await OnReplicaAsync(db));
            Assert.All(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OnReplicaAsync(db)))), Assert.True);
            Assert.Contains(logs.Lines, l => l.Message.Contains("back in rotation", StringComparison.Ordinal));
        }
        finally
        {
            await ReplicaServer.EnsureRunningAsync();
        }
    }

    [ReplicaFact]
    public async Task With_every_replica_down_reads_go_to_the_primary_and_the_probe_keeps_trying()
    {
        await using var db = await ReplicaServer.OpenAsync(o =>
        {
            o.ReadYourWritesWindow = TimeSpan.Zero;
            o.ReplicaProbeDelay = TimeSpan.FromMilliseconds(100);
        }, ReplicaServer.Url, ReplicaServer.Url);
        try
        {
            await ReplicaServer.StopAsync();
            for (var i = 0; i < 4; i++) Assert.False(await OnReplicaAsync(db));
            Assert.All(db.GetReplicaStatus(), s => Assert.False(s.IsHealthy));

            // A few probe rounds fail while it stays down; it is still out afterwards.
            await Task.Delay(500);
            Assert.All(db.GetReplicaStatus(), s => Assert.False(s.IsHealthy));

            await ReplicaServer.StartAsync();
            await WaitUntilAsync(() => db.GetReplicaStatus().All(s => s.IsHealthy), TimeSpan.FromSeconds(30), "both replica entries to be back");
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await ReplicaServer.EnsureRunningAsync();
        }
    }

    [ReplicaFact]
    public async Task Passwords_never_show_in_status_logs_or_errors()
    {
        const string secret = "not-the-replica-pw-4711";
        var replica = DatabaseUrl.Parse(ReplicaServer.Url);
        var wrongPassword = $"{replica.Scheme}://{replica.Username}:{secret}@{replica.Host}:{replica.Port}/{replica.Database}";
        var logs = new ListLoggerFactory();
        await using var db = await ReplicaServer.OpenAsync(o =>
        {
            o.ReadYourWritesWindow = TimeSpan.Zero;
            o.LoggerFactory = logs;
        }, wrongPassword, ReplicaServer.Url);

        // The replica with the wrong password cannot log in: its reads go to the other one, without an error.
        for (var i = 0; i < 4; i++) Assert.True(await OnReplicaAsync(db));

        var status = db.GetReplicaStatus();
        Assert.False(status[0].IsHealthy);
        Assert.Equal(nameof(ConnectionFailureException), status[0].LastError);
        Assert.True(status[1].IsHealthy);
        Assert.All(status, s =>
        {
            Assert.Contains(":***@", s.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, s.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain($":{TestDatabase.PostgresPassword}@", s.ToString(), StringComparison.Ordinal);
        });
        Assert.Contains(logs.Lines, l => l.Message.Contains("out of rotation", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(secret, StringComparison.Ordinal));

        var malformed = new DatabaseOptions
        {
            Url = TestDatabase.PostgresUrl + "?replicas=" + Uri.EscapeDataString($"postgres://strata:{secret}@{replica.Host}:notaport/db"),
        };
        var error = Assert.Throws<DatabaseConfigurationException>(() => Database.Open(malformed));
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, malformed.ToString(), StringComparison.Ordinal);
    }
}
