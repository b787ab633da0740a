using StackExchange.Redis;
using Strata.Redis;

// A process of its own for the Redis tests, so that "four processes" means four processes.
//   stampede <url> <prefix> <distributed-lock: true|false> <callers>
// opens a store, says "ready", waits for a line on standard input, then makes <callers> concurrent RememberAsync calls on one
// cold key whose factory counts itself in Redis (INCR <prefix>factory-calls) and takes 200 ms; it prints "done" when all returned 7.
if (args is not ["stampede", var url, var prefix, var distributedLock, var callersText])
{
    await Console.Error.WriteLineAsync("usage: stampede <url> <prefix> <distributed-lock> <callers>");
    return 2;
}
var options = RedisOptions.Parse(url) with { KeyPrefix = prefix };
options = options with { Cache = options.Cache with { DistributedLock = bool.Parse(distributedLock) } };
await using var store = RedisStore.Open(options);
await store.PingAsync();
var counter = new RedisKey(prefix + "factory-calls");
Console.WriteLine("ready");
if (await Console.In.ReadLineAsync() is null) return 1;
var callers = Enumerable.Range(0, int.Parse(callersText, System.Globalization.CultureInfo.InvariantCulture)).Select(_ => Task.Run(() =>
    store.Cache.RememberAsync("cold", TimeSpan.FromMinutes(1), async () =>
    {
        await store.Connection.GetDatabase().StringIncrementAsync(counter);
        await Task.Delay(200);
        return 7;
    })));
var values = await Task.WhenAll(callers);
if (values.Any(v => v != 7))
{
    await Console.Error.WriteLineAsync("a caller got another value than 7");
    return 1;
}
Console.WriteLine("done");
return 0;
