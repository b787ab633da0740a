using Microsoft.Extensions.Time.Testing;
using Strata.Resilience;

namespace Strata.Tests;

/// <summary>Opening connections through the retry and circuit-breaker policies, with a scripted open in place of a server.</summary>
public class ConnectionGuardTests
{
    private static readonly ConnectionResilienceOptions Fast = new()
    {
        OpenRetries = 3,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        MinimumThroughput = 4,
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromMilliseconds(500),
    };

    private static ConnectionFailureException Refused(bool transient = true) =>
        new("connection refused", new DatabaseErrorDetails("postgresql", "08006", IsTransient: transient), null);

    /// <summary>An open that fails its first <paramref name="failures"/> attempts, then returns the attempt number.</summary>
    private sealed class ScriptedOpen(int failures, bool transient = true)
    {
        public int Calls;

        public ValueTask<int> OpenAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref Calls);
            if (call <= failures) throw Refused(transient);
            return ValueTask.FromResult(call);
        }
    }

    private static ConnectionGuard Guard(ConnectionResilienceOptions? options = null, List<CircuitState>? changes = null,
        TimeProvider? clock = null) =>
        new(options ?? Fast, clock ?? TimeProvider.System, null, "postgres://app:***@db:5432/app", "postgresql", s => changes?.Add(s));

    private static ValueTask<int> Open(ConnectionGuard guard, ScriptedOpen script) =>
        guard.OpenAsync(static (s, token) => s.OpenAsync(token), script, CancellationToken.None);

    [Fact]
    public async Task A_transient_failure_is_retried_until_the_open_succeeds()
    {
        var script = new ScriptedOpen(failures: 2);
        Assert.Equal(3, await Open(Guard(), script));
        Assert.Equal(3, script.Calls);
    }

    [Fact]
    public async Task A_permanent_failure_is_reported_at_once()
    {
        var script = new ScriptedOpen(failures: 10, transient: false);
        var e = await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(Guard(), script).AsTask());
        Assert.Equal(1, script.Calls);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task After_the_last_retry_the_last_failure_is_thrown()
    {
        var script = new ScriptedOpen(failures: 100);
        var guard = Guard(Fast with { CircuitBreaker = false });
        var e = await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(guard, script).AsTask());
        Assert.Equal(4, script.Calls);
        Assert.Equal("connection refused", e.Message);
        Assert.Equal(CircuitState.Closed, guard.State);
    }

    [Fact]
    public async Task Repeated_failures_open_the_breaker_then_a_probe_closes_it()
    {
        var changes = new List<CircuitState>();
        var script = new ScriptedOpen(failures: 4);
        // A fake clock: on a loaded machine real time could pass the break before the open call below is made.
        var clock = new FakeTimeProvider();
        var guard = Guard(Fast with { OpenRetries = 0 }, changes, clock);
        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(guard, script).AsTask());
        Assert.Equal(CircuitState.Open, guard.State);

        // Open: calls fail at once without trying to connect.
        var unavailable = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => Open(guard, script).AsTask());
        Assert.Equal(4, script.Calls);
        Assert.False(unavailable.IsTransient);
        Assert.NotNull(unavailable.RetryAfter);
        Assert.Contains("postgres://app:***@db:5432/app is unavailable", unavailable.Message);

        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(5, await Open(guard, script));
        Assert.Equal(CircuitState.Closed, guard.State);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], changes);
    }

    [Fact]
    public async Task Opening_stops_when_the_total_time_runs_out()
    {
        var guard = Guard(Fast with { MaxOpenTime = TimeSpan.FromMilliseconds(200), CircuitBreaker = false });
        var e = await Assert.ThrowsAsync<ConnectionFailureException>(() => guard.OpenAsync(
            static async (_, token) => { await Task.Delay(Timeout.Infinite, token); return 0; }, 0, CancellationToken.None).AsTask());
        Assert.Contains("within 0.2 s", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_failure()
    {
        var guard = Guard();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => guard.OpenAsync(
            static async (_, token) => { await Task.Delay(Timeout.Infinite, token); return 0; }, 0, cancel.Token).AsTask());
        Assert.Equal(CircuitState.Closed, guard.State);
    }

    [Theory]
    [InlineData("OpenRetries")]
    [InlineData("MaxRetryDelay")]
    [InlineData("FailureRatio")]
    [InlineData("BreakDuration")]
    public void Out_of_range_options_are_refused_naming_the_option(string option)
    {
        var options = option switch
        {
            "OpenRetries" => Fast with { OpenRetries = -1 },
            "MaxRetryDelay" => Fast with { RetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(1) },
            "FailureRatio" => Fast with { FailureRatio = 0 },
            _ => Fast with { BreakDuration = TimeSpan.Zero },
        };
        var e = Assert.Throws<DatabaseConfigurationException>(() => Guard(options));
        Assert.StartsWith($"Resilience.{option} (", e.Message);
    }
}
