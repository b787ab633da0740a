using Strata.Providers;

namespace Strata.Replicas;

/// <summary>One read replica: its own driver and pool, whether it is in rotation, and its last failure.</summary>
/// <remarks>Thread-safe: reads pick it and report failures concurrently.</remarks>
internal sealed class Replica(DatabaseDriver driver, string description)
{
    private int _down;
    private volatile Failure? _lastFailure;

    /// <summary>The replica's driver, built by the primary's provider.</summary>
    public DatabaseDriver Driver { get; } = driver;

    /// <summary>Where it is, with the password hidden.</summary>
    public string Description { get; } = description;

    /// <summary>True while it takes reads.</summary>
    public bool IsHealthy => Volatile.Read(ref _down) == 0;

    /// <summary>The background probe running while it is out of rotation, or the last one.</summary>
    public Task? Probe { get; set; }

    /// <summary>Records <paramref name="error"/>; true for the caller that took it out of rotation, who then starts the probe.</summary>
    public bool TryTakeOut(Exception error, DateTimeOffset at)
    {
        Record(error, at);
        return Interlocked.CompareExchange(ref _down, 1, 0) == 0;
    }

    /// <summary>Remembers the kind of <paramref name="error"/> and when it happened, for the status report (logs carry the message).</summary>
    public void Record(Exception error, DateTimeOffset at) => _lastFailure = new Failure(error.GetType().Name, at);

    /// <summary>Puts it back into rotation.</summary>
    public void PutBack() => Volatile.Write(ref _down, 0);

    /// <summary>Opens a connection and checks that the server answers a trivial query.</summary>
    public async Task ProbeAsync(int timeoutSeconds, CancellationToken cancellationToken)
    {
        var connection = await Driver.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT 1";
                command.CommandTimeout = timeoutSeconds;
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A snapshot for <see cref="Database.GetReplicaStatus"/>.</summary>
    public ReplicaStatus Status()
    {
        var failure = _lastFailure;
        return new ReplicaStatus(Description, IsHealthy, failure?.ErrorType, failure?.At, Driver.GetPoolStatistics());
    }

    private sealed record Failure(string ErrorType, DateTimeOffset At);
}
