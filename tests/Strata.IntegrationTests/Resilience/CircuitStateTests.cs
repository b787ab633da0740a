using Strata.IntegrationTests.Infrastructure;
using Strata.Resilience;

namespace Strata.IntegrationTests.Resilience;

/// <summary>The breaker's state as operators see it: on the database, in its health report and in the metrics.</summary>
public class CircuitStateTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task An_unreachable_server_opens_the_breaker_which_health_and_metrics_show(string scheme)
    {
        // Nothing listens on port 1, so every open is refused at once.
        var name = "circuit_" + Guid.NewGuid().ToString("N")[..8];
        var logs = new ListLoggerFactory();
        await using var db = Database.Open(new DatabaseOptions
        {
            Url = $"{scheme}://strata:s3cret-pw@127.0.0.1:1/{name}",
            ConnectTimeout = TimeSpan.FromSeconds(2),
            LoggerFactory = logs,
            Resilience = new ConnectionResilienceOptions
            {
                OpenRetries = 0,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromMinutes(5),
            },
        });
        using var metrics = new MetricCollector();
        Assert.Equal(CircuitState.Closed, db.CircuitState);

        var errors = new List<Exception>();
        for (var i = 0; i < 6 && db.CircuitState != CircuitState.Open; i++)
            errors.Add(await Assert.ThrowsAnyAsync<DatabaseException>(() => db.ScalarAsync<int>($"SELECT 1")));

        Assert.Equal(CircuitState.Open, db.CircuitState);
        Assert.All(errors, e => Assert.IsAssignableFrom<ConnectionFailureException>(e));
        var fast = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => db.ScalarAsync<int>($"SELECT 1"));
        Assert.DoesNotContain("s3cret-pw", fast.Message);

        var report = await db.CheckHealthAsync();
        Assert.Equal(DatabaseHealthStatus.Unhealthy, report.Status);
        Assert.Equal(CircuitState.Open, report.Circuit);
        Assert.Equal("Open", report.ToData()["circuit"]);
        Assert.DoesNotContain("s3cret-pw", report.Description);
        Assert.DoesNotContain(report.ToData().Values, v => v.ToString()!.Contains("s3cret-pw", StringComparison.Ordinal));

        metrics.Observe();
        var state = Assert.Single(metrics.Of("strata.circuit.state"), m => m.Tag("db.client.connection.pool.name") == $"127.0.0.1:1/{name}");
        Assert.Equal((int)CircuitState.Open, state.Value);

        // The breaker's opening is logged, naming the database but not its password.
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Circuit opened for ", StringComparison.Ordinal) && l.Message.Contains("127.0.0.1:1", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("s3cret-pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reachable_database_reports_a_closed_breaker()
    {
        await using var db = Database.Open("sqlite::memory:");
        using var metrics = new MetricCollector();
        Assert.Equal(1, await db.ScalarAsync<int>($"SELECT 1"));

        var report = await db.CheckHealthAsync();
        Assert.Equal(CircuitState.Closed, report.Circuit);
        Assert.Equal("Closed", report.ToData()["circuit"]);
        metrics.Observe();
        Assert.Contains(metrics.Of("strata.circuit.state"), m => m.Value == (int)CircuitState.Closed);
    }
}
