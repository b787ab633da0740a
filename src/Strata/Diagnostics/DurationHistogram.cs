using System.Numerics;

namespace Strata.Diagnostics;

/// <summary>
/// A fixed-size, lock-free histogram of durations for percentiles: buckets four to a power of two of
/// <see cref="TimeSpan"/> ticks (100 ns), so a percentile is within about 12% of the true value, from 100 ns to days,
/// in 160 counters.
/// </summary>
/// <remarks>Thread-safe: <see cref="Record"/> is one interlocked increment. Reads see a consistent-enough snapshot for statistics.</remarks>
internal sealed class DurationHistogram
{
    private const int SubBuckets = 4;
    private const int SubBucketBits = 2;
    private const int BucketCount = 160;
    private readonly int[] _counts = new int[BucketCount];

    public void Record(long ticks) => Interlocked.Increment(ref _counts[Index(ticks)]);

    /// <summary>The duration below which <paramref name="fraction"/> of the recorded ones fall, clamped to <paramref name="max"/>.</summary>
    public TimeSpan Percentile(double fraction, long max)
    {
        long total = 0;
        Span<int> counts = stackalloc int[BucketCount];
        for (var i = 0; i < BucketCount; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
            total += counts[i];
        }
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += counts[i];
            if (seen >= rank) return TimeSpan.FromTicks(Math.Min(max, Middle(i)));
        }
        return TimeSpan.FromTicks(max);
    }

    private static int Index(long ticks)
    {
        if (ticks < SubBuckets) return (int)Math.Max(0, ticks);
        var octave = BitOperations.Log2((ulong)ticks);
        var sub = (int)(ticks >> (octave - SubBucketBits)) & (SubBuckets - 1);
        return Math.Min(BucketCount - 1, (octave - SubBucketBits + 1) * SubBuckets + sub);
    }

    /// <summary>The middle of bucket <paramref name="index"/>, in ticks.</summary>
    private static long Middle(int index)
    {
        if (index < SubBuckets) return index;
        var octave = index / SubBuckets + SubBucketBits - 1;
        var sub = index % SubBuckets;
        var width = 1L << (octave - SubBucketBits);
        return (SubBuckets + sub) * width + width / 2;
    }
}
