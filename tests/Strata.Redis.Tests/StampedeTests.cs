using System.Diagnostics;
using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class StampedeTests
{
    [Theory, BothTopologies]
    public async Task A_thousand_concurrent_callers_of_a_cold_key_make_one_factory_call(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var calls = 0;
            var start = new TaskCompletionSource();
            var callers = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await store.Cache.RememberAsync("cold", TimeSpan.FromMinutes(1), async () =>
                {
                    Interlocked.Increment(ref calls);
                    await Task.Delay(100);
                    return 42;
                });
            })).ToArray();
            start.SetResult();
            var values = await Task.WhenAll(callers);
            Assert.All(values, v => Assert.Equal(42, v));
            Assert.Equal(1, calls);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    // Four processes of their own (Strata.Redis.TestHost), each with 250 concurrent callers: nothing but Redis is shared.
    [Theory]
    [InlineData(Topology.Single, false)]
    [InlineData(Topology.Single, true)]
    [InlineData(Topology.Cluster, false)]
    [InlineData(Topology.Cluster, true)]
    public async Task Four_processes_make_at_most_four_factory_calls_and_one_with_the_distributed_lock(Topology topology, bool distributedLock)
    {
        var prefix = TestRedis.NewPrefix();
        var store = await TestRedis.OpenAsync(topology, prefix: prefix);
        var processes = new List<Process>();
        try
        {
            for (var i = 0; i < 4; i++)
                processes.Add(StartHost("stampede", TestRedis.Url(topology), prefix, distributedLock ? "true" : "false", "250"));
            foreach (var process in processes)
                Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            foreach (var process in processes) await process.StandardInput.WriteLineAsync("go");
            foreach (var process in processes)
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
                Assert.Equal("done", (await process.StandardOutput.ReadToEndAsync()).Trim());
            }
            var calls = (long)await store.Connection.GetDatabase().StringGetAsync(prefix + "factory-calls");
            if (distributedLock) Assert.Equal(1, calls);
            else Assert.InRange(calls, 1, 4);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) process.Kill();
                process.Dispose();
            }
            await TestRedis.CleanAsync(store);
        }
    }

    private static Process StartHost(params string[] args)
    {
        // The host is built beside this project (a project reference), in the same configuration and framework.
        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var tests = bin.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "Strata.Redis.TestHost", "bin", bin.Parent!.Name, bin.Name, "Strata.Redis.TestHost.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build tests/Strata.Redis.TestHost first: {dll} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
