using System.Collections.Concurrent;

namespace Strata.Studio.Data;

/// <summary>A long operation running in the background: its lines of progress and how it ended.</summary>
internal sealed class StudioJob(string id, string title)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Its id, in the page's address while it runs.</summary>
    public string Id { get; } = id;

    /// <summary>What it does.</summary>
    public string Title { get; } = title;

    /// <summary>Progress so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Done, successfully or not.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>The error it ended with, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Adds a line of progress.</summary>
    public void Report(string line) => _lines.Enqueue(line);

    internal void Finish(string? error)
    {
        Error = error;
        IsFinished = true;
    }
}

/// <summary>
/// Runs long operations (migrations) off the request, so the page answers at once and follows the job's progress. One job
/// at a time: a second is refused while the first runs. Thread-safe.
/// </summary>
internal sealed class StudioJobs
{
    private readonly ConcurrentDictionary<string, StudioJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private StudioJob? _running;

    /// <summary>The job <paramref name="id"/>, or null.</summary>
    public StudioJob? Find(string? id) => id is not null && _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Starts <paramref name="work"/> in the background; its failure is kept on the job, never thrown.</summary>
    /// <exception cref="InvalidOperationException">Another job is still running.</exception>
    public StudioJob Start(string title, Func<StudioJob, Task> work)
    {
        var job = new StudioJob(Guid.NewGuid().ToString("N")[..12], title);
        lock (_gate)
        {
            if (_running is { IsFinished: false } other) throw new InvalidOperationException($"'{other.Title}' is still running; wait for it to finish.");
            _running = job;
        }
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                await work(job).ConfigureAwait(false);
                job.Finish(null);
            }
#pragma warning disable CA1031 // a background job has nobody to throw to: whatever ended it is shown on its page
            catch (Exception e)
#pragma warning restore CA1031
            {
                job.Finish(e.Message);
            }
        });
        return job;
    }
}
