using System.Diagnostics;

namespace Strata.Benchmarks;

/// <summary>
/// The measuring loop of the throughput harnesses (<see cref="PointSelectThroughput"/>, <see cref="PgbenchThroughput"/>):
/// concurrent workers each run one operation after another until told to stop; only the operations that finish inside the
/// measured window, which starts after a warm-up, are counted.
/// </summary>
internal static class Throughput
{
    /// <summary>
    /// Each worker's count sits on its own cache line (16 longs = 128 bytes apart, two lines on processors that fetch lines
    /// in pairs), so that workers on different cores do not invalidate each other's line on every increment.
    /// </summary>
    private const int Stride = 16;

    /// <summary>
    /// Starts <paramref name="workers"/> workers, lets them run for <paramref name="warmup"/>, counts the operations they
    /// finish during <paramref name="time"/> and returns that count per second of the window actually measured, with the
    /// processor time this process spent in the window per operation.
    /// </summary>
    /// <param name="workers">How many workers run at once.</param>
    /// <param name="start">Starts one worker: whatever it keeps for the run (a connection, prepared commands).</param>
    /// <param name="operation">One operation of a worker, with that worker's own random numbers.</param>
    /// <param name="close">Gives back what <paramref name="start"/> took, once the worker has stopped.</param>
    /// <param name="warmup">How long the workers run before counting starts.</param>
    /// <param name="time">How long operations are counted.</param>
    /// <returns>Operations per second over all workers, and the process's processor time per operation.</returns>
    public static async Task<Measurement> MeasureAsync<TWorker>(
        int workers, Func<ValueTask<TWorker>> start, Func<TWorker, Random, Task> operation, Func<TWorker, ValueTask> close,
        TimeSpan warmup, TimeSpan time)
    {
        var counts = new long[workers * Stride];
        var measuring = 0;
        var stop = 0;
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var slot = w * Stride;
            // A fixed seed per worker: every contender draws the same sequence of keys.
            var random = new Random(w + 1);
            tasks[w] = Task.Run(async () =>
            {
                var worker = await start();
                try
                {
                    while (Volatile.Read(ref stop) == 0)
                    {
                        await operation(worker, random);
                        if (Volatile.Read(ref measuring) != 0) counts[slot]++;
                    }
                }
                finally
                {
                    await close(worker);
                }
            });
        }
        await Task.Delay(warmup);
        var started = Stopwatch.GetTimestamp();
        var processorStarted = Environment.CpuUsage.TotalTime;
        Volatile.Write(ref measuring, 1);
        await Task.Delay(time);
        Volatile.Write(ref measuring, 0);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var processor = Environment.CpuUsage.TotalTime - processorStarted;
        long total = 0;
        for (var w = 0; w < workers; w++) total += Volatile.Read(ref counts[w * Stride]);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(tasks);
        return new Measurement(total / elapsed.TotalSeconds, total == 0 ? TimeSpan.Zero : processor / total);
    }
}

/// <summary>What <see cref="Throughput.MeasureAsync"/> measured.</summary>
/// <param name="Rate">Operations per second over all workers.</param>
/// <param name="ProcessorPerOperation">
/// The processor time the whole process (workers, driver, garbage collector) spent during the measured window, divided by
/// the operations: on a machine whose cores the server shares, what each operation takes from the server.
/// </param>
internal readonly record struct Measurement(double Rate, TimeSpan ProcessorPerOperation);
