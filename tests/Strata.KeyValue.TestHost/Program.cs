// A key-value store in a process of its own, for the tests that need one: killed with SIGKILL while it writes, holding
// a store's lock, or running as another (non-root) user.
//   write <dir>  writes numbered batches (sync) forever, printing "ack N" after each batch is written
//   hold <dir>   opens the store, prints "open", and keeps it open until its standard input closes
//   open <dir>   opens the store and writes one key; prints "ok", or the exception's type and message
using System.Globalization;
using Strata.KeyValue;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Strata.KeyValue.TestHost write|hold|open <directory>");
    return 2;
}

var directory = args[1];
switch (args[0])
{
    case "write":
        await using (var store = KeyValueStore.Open(new KeyValueOptions { Path = directory, Sync = true }))
        {
            var last = await store.GetAsync<long>(BatchLayout.LastKey);
            for (var n = last + 1; ; n++)
            {
                var batch = store.CreateBatch();
                for (var i = 0; i < BatchLayout.KeysPerBatch; i++) batch.Put(BatchLayout.Key(n, i), n);
                batch.Put(BatchLayout.LastKey, n);
                await store.WriteAsync(batch);
                Console.WriteLine("ack " + n.ToString(CultureInfo.InvariantCulture));
            }
        }
    case "hold":
        await using (KeyValueStore.Open(new KeyValueOptions { Path = directory }))
        {
            Console.WriteLine("open");
            await Console.In.ReadToEndAsync();
        }
        return 0;
    case "open":
        try
        {
            await using var store = KeyValueStore.Open(new KeyValueOptions { Path = directory });
            await store.PutAsync("written-by-child", "yes"u8.ToArray());
            Console.WriteLine("ok");
        }
        catch (Exception e)
        {
            Console.WriteLine(e.GetType().Name);
            Console.WriteLine(e.Message);
        }
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}

/// <summary>The keys the write command uses: each batch N writes KeysPerBatch keys holding N, and "last" = N.</summary>
internal static class BatchLayout
{
    public const int KeysPerBatch = 10;
    public const string LastKey = "last";

    public static string Key(long batch, int index) => $"batch:{batch:D8}:{index:D2}";
}
