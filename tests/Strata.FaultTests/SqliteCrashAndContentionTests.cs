using System.Collections.Concurrent;
using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>SQLite under contention on one WAL file, and a writer process killed with SIGKILL again and again.</summary>
public class SqliteCrashAndContentionTests
{
    [Fact]
    public async Task Eight_writers_and_eight_readers_on_one_WAL_file_never_see_database_is_locked()
    {
        var file = TestDatabase.NewSqliteFile();
        await using (var setup = Database.Open("sqlite:" + file))
            await setup.ExecuteAsync($"CREATE TABLE rows (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, n INTEGER NOT NULL)");
        const int writers = 8, readers = 8, perWriter = 40;
        var errors = new ConcurrentQueue<Exception>();
        var done = 0;
        var reads = 0L;
        async Task WriteAsync(int writer)
        {
            await using var db = Database.Open("sqlite:" + file);
            for (var n = 0; n < perWriter; n++)
            {
                try
                {
                    if (n % 2 == 0)
                        await db.ExecuteAsync($"INSERT INTO rows (writer, n) VALUES ({writer}, {n})");
                    else
                        await db.TransactionAsync(async tx =>
                        {
                            var count = await tx.ScalarAsync<long>($"SELECT COUNT(*) FROM rows WHERE writer = {writer}");
                            await tx.ExecuteAsync($"INSERT INTO rows (writer, n) VALUES ({writer}, {count})");
                        });
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
            Interlocked.Increment(ref done);
        }
        async Task ReadAsync()
        {
            await using var db = Database.Open("sqlite:" + file);
            // At least once: the writers can all be done before a reader's task is first scheduled.
            do
            {
                try
                {
                    await db.ScalarAsync<long>($"SELECT COUNT(*) FROM rows");
                    await db.TransactionAsync(tx => tx.QueryAsync<long>($"SELECT id FROM rows ORDER BY id DESC LIMIT 5"));
                    Interlocked.Increment(ref reads);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
            while (Volatile.Read(ref done) < writers);
        }
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w))).Concat(Enumerable.Range(0, readers).Select(_ => Task.Run(ReadAsync))));

        Assert.True(errors.IsEmpty, $"{errors.Count} error(s), the first: {errors.FirstOrDefault()}");
        await using var check = Database.Open("sqlite:" + file);
        Assert.Equal(writers * perWriter, await check.ScalarAsync<long>($"SELECT COUNT(*) FROM rows"));
        // Each writer's transactions saw its own earlier rows: the counts they wrote are 0..perWriter-1 with no repeat among the odd steps.
        for (var w = 0; w < writers; w++)
            Assert.Equal(perWriter, await check.ScalarAsync<long>($"SELECT COUNT(DISTINCT n) FROM rows WHERE writer = {w}"));
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task A_writer_killed_with_SIGKILL_again_and_again_loses_no_acknowledged_row_and_leaves_the_file_intact()
    {
        var seed = Environment.GetEnvironmentVariable("STRATA_FAULT_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        var rounds = Environment.GetEnvironmentVariable("STRATA_FAULT_ROUNDS") is { } r ? int.Parse(r) : 6;
        var random = new Random(seed);
        var file = TestDatabase.NewSqliteFile();
        await using (var setup = Database.Open("sqlite:" + file))
        {
            await setup.ExecuteAsync($"CREATE TABLE acked (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            await setup.ExecuteAsync($"CREATE TABLE acked_copy (n INTEGER PRIMARY KEY)");
        }
        var acknowledged = new List<long>();
        for (var round = 0; round < rounds; round++)
        {
            var where = $"round {round} of {rounds} (STRATA_FAULT_SEED={seed})";
            var lines = new ConcurrentQueue<string>();
            using var process = StartWriter(file, (round + 1) * 1_000_000L);
            var ready = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                if (e.Data == "ready") ready.TrySetResult();
                else lines.Enqueue(e.Data);
            };
            process.BeginOutputReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(random.Next(50, 400));
            process.Kill();
            await process.WaitForExitAsync();
            acknowledged.AddRange(lines.Where(l => l.EndsWith('.')).Select(l => long.Parse(l[..^1])));

            await using var check = Database.Open("sqlite:" + file);
            Assert.Equal("ok", await check.ScalarAsync<string>($"PRAGMA integrity_check"));
            var present = (await check.QueryAsync<long>($"SELECT n FROM acked")).ToHashSet();
            var missing = acknowledged.Where(n => !present.Contains(n)).ToList();
            Assert.True(missing.Count == 0, $"{where}: {missing.Count} acknowledged row(s) missing, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.Equal(await check.ScalarAsync<long>($"SELECT COUNT(*) FROM acked"), await check.ScalarAsync<long>($"SELECT COUNT(*) FROM acked_copy"));
            await check.ClearPoolAsync();
        }
        Assert.True(acknowledged.Count > 0, $"the writer acknowledged nothing in {rounds} rounds (STRATA_FAULT_SEED={seed})");
    }

    private static Process StartWriter(string file, long first)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tests = bin.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "Strata.FaultTests.Writer", "bin", bin.Parent!.Name, bin.Name, "Strata.FaultTests.Writer.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build tests/Strata.FaultTests.Writer first: {dll} is missing.");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(file);
        info.ArgumentList.Add(first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(info) ?? throw new InvalidOperationException("The writer did not start.");
    }
}
