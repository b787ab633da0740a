using System.Diagnostics;
using System.Globalization;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class CrashTests
{
    private const int KeysPerBatch = 10;

    [Fact]
    public async Task Every_acknowledged_batch_survives_ten_kills_whole_and_no_batch_is_half_applied()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        long acknowledged = 0;
        for (var kill = 1; kill <= 10; kill++)
        {
            using var writer = Child.Start("write", directory);
            var lastAck = await ReadAcksAsync(writer, TimeSpan.FromMilliseconds(150 + Random.Shared.Next(250)));
            writer.Kill();
            await writer.WaitForExitAsync();
            Assert.True(lastAck > acknowledged, $"kill {kill}: the writer acknowledged no new batch (last {lastAck}, before {acknowledged})");
            acknowledged = lastAck;

            await using var store = KeyValueStore.Open(new KeyValueOptions { Path = directory });
            var last = await store.GetAsync<long>("last");
            Assert.True(last >= acknowledged, $"kill {kill}: batch {acknowledged} was acknowledged but the store ends at {last}");
            var perBatch = new Dictionary<long, int>();
            await foreach (var entry in store.ScanAsync<long>("batch:"))
            {
                var batch = long.Parse(entry.KeyText.Split(':')[1], CultureInfo.InvariantCulture);
                Assert.Equal(batch, entry.Value);
                perBatch[batch] = perBatch.GetValueOrDefault(batch) + 1;
            }
            Assert.Equal(last, perBatch.Count);
            for (var batch = 1L; batch <= last; batch++)
                Assert.True(perBatch.GetValueOrDefault(batch) == KeysPerBatch, $"kill {kill}: batch {batch} has {perBatch.GetValueOrDefault(batch)} of its {KeysPerBatch} keys");
            acknowledged = last;
        }
    }

    /// <summary>Reads "ack N" lines for about <paramref name="duration"/> (after the first one); returns the last N.</summary>
    private static async Task<long> ReadAcksAsync(Process writer, TimeSpan duration)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long last = 0;
        Stopwatch? sinceFirst = null;
        while (sinceFirst is null || sinceFirst.Elapsed < duration)
        {
            var line = await writer.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("The writer ended: " + await writer.StandardError.ReadToEndAsync(timeout.Token));
            if (!line.StartsWith("ack ", StringComparison.Ordinal)) continue;
            last = long.Parse(line[4..], CultureInfo.InvariantCulture);
            sinceFirst ??= Stopwatch.StartNew();
        }
        return last;
    }
}
