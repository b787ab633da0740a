namespace Strata.IntegrationTests.Infrastructure;

/// <summary>Lets a fixed number of tasks wait for each other, with a time limit instead of a hang.</summary>
public sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    /// <summary>Arrives, and completes when every party has (or fails after 20 s).</summary>
    public Task ArriveAndWaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties) _all.TrySetResult();
        return _all.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
