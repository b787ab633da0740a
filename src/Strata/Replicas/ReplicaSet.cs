using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Strata.Providers;

namespace Strata.Replicas;

/// <summary>
/// A database's read replicas: picks a healthy one for each read in turn, takes one whose connection failed out of
/// rotation, and probes it in the background until it answers again.
/// </summary>
/// <remarks>Thread-safe. Owned by a <see cref="Database"/>, which disposes it after its own in-flight work.</remarks>
internal sealed partial class ReplicaSet : IAsyncDisposable
{
    private readonly Replica[] _replicas;
    private readonly TimeProvider _time;
    private readonly TimeSpan _probeDelay;
    /// <summary>How long a probe's <c>SELECT 1</c> may take: a replica slower than this to answer it is not ready for reads.</summary>
    private const int ProbeTimeoutSeconds = 5;
    private readonly ResiliencePipeline _probeRetry;
    private readonly ILogger? _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _next = -1;

    private ReplicaSet(Replica[] replicas, DatabaseOptions options)
    {
        _replicas = replicas;
        _time = options.TimeProvider;
        _probeDelay = options.ReplicaProbeDelay;
        _logger = options.LoggerFactory?.CreateLogger("Strata.Replicas");
        ReadYourWrites = options.ReadYourWritesWindow > TimeSpan.Zero ? new ReadYourWritesTracker(_time, options.ReadYourWritesWindow) : null;
        // Probes go on until the replica answers or the database is disposed: a replica may be down for hours.
        _probeRetry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = _probeDelay,
                UseJitter = false,
            })
            .Build();
    }

    /// <summary>Builds a driver for each replica with <paramref name="provider"/>, or returns null when there are none.</summary>
    /// <exception cref="DatabaseConfigurationException">A replica speaks another dialect than the primary, or its driver refuses its settings.</exception>
    public static ReplicaSet? Create(DatabaseProvider provider, DatabaseDriver primary, IReadOnlyList<ConnectionSettings> settings, DatabaseOptions options)
    {
        if (settings.Count == 0) return null;
        var replicas = new List<Replica>(settings.Count);
        try
        {
            foreach (var replica in settings)
            {
                var description = ReplicaSettings.Describe(replica);
                var driver = provider.CreateDriver(replica);
                replicas.Add(new Replica(driver, description));
                if (driver.Dialect.Name != primary.Dialect.Name)
                    throw new DatabaseConfigurationException(
                        $"The replica '{description}' speaks {driver.Dialect.Name}, but the primary speaks {primary.Dialect.Name}. Give the replica the primary's scheme.");
            }
        }
        catch
        {
            // Nothing has connected yet, so closing the data sources does not wait on the network.
            foreach (var replica in replicas) replica.Driver.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new ReplicaSet([.. replicas], options);
    }

    /// <summary>Tracks writes per async flow for read-your-writes, or null when the window is zero.</summary>
    public ReadYourWritesTracker? ReadYourWrites { get; }

    /// <summary>How many replicas there are, healthy or not.</summary>
    public int Count => _replicas.Length;

    /// <summary>The next healthy replica in turn, or null when none is healthy.</summary>
    public Replica? Next()
    {
        var count = (uint)_replicas.Length;
        var start = (uint)Interlocked.Increment(ref _next) % count;
        for (var i = 0u; i < count; i++)
        {
            var replica = _replicas[(start + i) % count];
            if (replica.IsHealthy) return replica;
        }
        return null;
    }

    /// <summary>Takes <paramref name="replica"/> out of rotation after its connection failed, and starts probing it.</summary>
    public void ReportFailure(Replica replica, Exception error)
    {
        if (!replica.TryTakeOut(error, _time.GetUtcNow())) return;
        if (_logger is not null) LogTakenOut(_logger, replica.Description, error.GetType().Name, error.Message, _probeDelay.TotalSeconds);
        // Its other pooled connections broke with it: dropping them now keeps them from failing reads once it is back.
        replica.Driver.ClearPool();
        if (_stopping.IsCancellationRequested) return;
        // The probe outlives the read that failed: it must not hold on to that flow's ambient transaction or marks.
        var flow = ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow();
        try
        {
            replica.Probe = Task.Run(() => ProbeUntilHealthyAsync(replica));
        }
        finally
        {
            flow?.Undo();
        }
    }

    /// <summary>A snapshot of every replica.</summary>
    public IReadOnlyList<ReplicaStatus> Status() => [.. _replicas.Select(r => r.Status())];

    private async Task ProbeUntilHealthyAsync(Replica replica)
    {
        var stopping = _stopping.Token;
        try
        {
            await Task.Delay(_probeDelay, _time, stopping).ConfigureAwait(false);
            await _probeRetry.ExecuteAsync(static async (state, token) =>
            {
                try
                {
                    await state.replica.ProbeAsync(ProbeTimeoutSeconds, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    state.replica.Record(e, state.set._time.GetUtcNow());
                    throw;
                }
            }, (replica, set: this), stopping).ConfigureAwait(false);
            replica.PutBack();
            if (_logger is not null) LogPutBack(_logger, replica.Description);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The database is being disposed.
        }
    }

    /// <summary>Empties every replica's pool, all at once.</summary>
    public Task ClearPoolsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_replicas.Select(r => r.Driver.ClearPoolAsync(cancellationToken).AsTask()));

    /// <summary>Stops the probes and closes every replica's pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var replica in _replicas)
        {
            if (replica.Probe is { } probe) await probe.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await replica.Driver.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Read replica {Replica} is out of rotation after {Error}: {Detail} Its reads go to the other replicas or the primary; it is probed again in {DelaySeconds} s.")]
    private static partial void LogTakenOut(ILogger logger, string replica, string error, string detail, double delaySeconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Read replica {Replica} answers again and is back in rotation.")]
    private static partial void LogPutBack(ILogger logger, string replica);
}
