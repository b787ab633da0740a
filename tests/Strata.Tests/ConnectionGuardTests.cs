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

    /// <summary>An open whose outcome each call takes from a queue: true succeeds, false fails transiently.</summary>
    private sealed class QueuedOpen
    {
        public readonly Queue<bool> Outcomes = new();
        public int Calls;

        public ValueTask<int> OpenAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Outcomes.Dequeue() ? ValueTask.FromResult(Calls) : throw Refused();
        }
    }

    [Fact]
    public async Task Successful_opens_count_toward_the_failure_ratio()
    {
        var clock = new FakeTimeProvider();
        var guard = Guard(Fast with { OpenRetries = 0 }, clock: clock);
        var script = new QueuedOpen();
        async Task Run(bool ok)
        {
            script.Outcomes.Enqueue(ok);
            if (ok) await guard.OpenAsync(static (s, t) => s.OpenAsync(t), script, CancellationToken.None);
            else await Assert.ThrowsAsync<ConnectionFailureException>(() => guard.OpenAsync(static (s, t) => s.OpenAsync(t), script, CancellationToken.None).AsTask());
        }

        for (var i = 0; i < 10; i++) await Run(true);
        for (var i = 0; i < 9; i++) await Run(false);
        Assert.Equal(CircuitState.Closed, guard.State); // 9 of 19 failed: under half
        await Run(false);
        Assert.Equal(CircuitState.Open, guard.State); // 10 of 20
    }

    [Fact]
    public async Task Failures_older_than_the_sampling_window_are_forgotten()
    {
        var clock = new FakeTimeProvider();
        var guard = Guard(Fast with { OpenRetries = 0, SamplingDuration = TimeSpan.FromSeconds(10) }, clock: clock);
        var script = new ScriptedOpen(failures: 6);
        for (var i = 0; i < 3; i++) await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(guard, script).AsTask());
        clock.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < 3; i++) await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(guard, script).AsTask());
        Assert.Equal(CircuitState.Closed, guard.State); // 3 in the window: under MinimumThroughput (4)
        await Open(guard, script);
        Assert.Equal(7, script.Calls);
    }

    [Fact]
    public async Task While_a_probe_is_under_way_other_callers_are_refused_and_a_cancelled_probe_lets_the_next_one_probe()
    {
        var clock = new FakeTimeProvider();
        var guard = Guard(Fast with { OpenRetries = 0 }, clock: clock);
        var failing = new ScriptedOpen(failures: 100);
        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<ConnectionFailureException>(() => Open(guard, failing).AsTask());
        clock.Advance(TimeSpan.FromSeconds(1));

        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var probe = guard.OpenAsync(static async (s, token) =>
        {
            s.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, started, cancel.Token).AsTask();
        await started.Task;
        Assert.Equal(CircuitState.HalfOpen, guard.State);
        var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => Open(guard, new ScriptedOpen(failures: 0)).AsTask());
        Assert.Contains("Another call is probing it now", refused.Message);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);
        Assert.Equal(1, await Open(guard, new ScriptedOpen(failures: 0)));
        Assert.Equal(CircuitState.Closed, guard.State);
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
    public async Task A_driver_that_stops_the_open_in_time_gets_no_token_of_the_guards_unless_the_caller_gave_one()
    {
        static Task<bool> Cancellable(ConnectionGuard guard, CancellationToken caller) =>
            guard.OpenAsync(static (_, token) => ValueTask.FromResult(token.CanBeCanceled), 0, caller).AsTask();

        var bounded = new ConnectionGuard(Fast, TimeProvider.System, null, "db", "postgresql", null, driverOpenTimeout: TimeSpan.FromSeconds(15));
        Assert.False(await Cancellable(bounded, CancellationToken.None));
        using var caller = new CancellationTokenSource();
        Assert.True(await Cancellable(bounded, caller.Token));

        // A driver that waits longer than the guard's limit, or sets none, is stopped by the guard's own timer.
        var longer = new ConnectionGuard(Fast with { MaxOpenTime = TimeSpan.FromSeconds(5) }, TimeProvider.System, null, "db", "postgresql", null,
            driverOpenTimeout: TimeSpan.FromSeconds(15));
        Assert.True(await Cancellable(longer, CancellationToken.None));
        Assert.True(await Cancellable(Guard(), CancellationToken.None));
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
