using System.Text;
using BenchmarkDotNet.Attributes;
using RocksDbSharp;
using Strata.KeyValue;

namespace Strata.Benchmarks;

/// <summary>
/// The same 10,000 keys (16 bytes: <c>key:000000000042</c>) with 100-byte values, in three places, each in a temporary
/// folder: a Strata key-value store; a RocksDB database opened with the binding directly (<c>RocksDb.Open</c>, the same
/// RocksDB build, default options, as Strata uses); and, for context, a SQLite key-value table
/// (<c>k BLOB PRIMARY KEY, v BLOB</c>, <c>WITHOUT ROWID</c>) through Strata.
/// </summary>
/// <remarks>
/// Strata opens an <c>OptimisticTransactionDB</c> (so transactions are available) and stores a one-byte header before each
/// value (for expiry); the binding's database is a plain one without them. SQLite runs in WAL mode on one pinned
/// connection, so its <c>PRAGMA synchronous</c> setting holds for every call.
/// </remarks>
[MemoryDiagnoser]
public abstract class KeyValueBenchmarkBase
{
    protected const int Keys = 10_000;
    private string _folder = "";

    protected KeyValueStore Store { get; private set; } = null!;

    protected RocksDb Rocks { get; private set; } = null!;

    protected Database Sqlite { get; private set; } = null!;

    protected ConnectionSession SqliteSession { get; private set; } = null!;

    protected static byte[] Value { get; } = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    /// <summary>True: every write is flushed to disk before it returns (Strata's <c>sync=true</c>, RocksDB's <c>sync</c>, SQLite's <c>synchronous=FULL</c>).</summary>
    protected virtual bool Sync => false;

    protected static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key:{i:D12}");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "strata-bench-kv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Store = KeyValueStore.Open(new KeyValueOptions { Path = Path.Combine(_folder, "strata"), Sync = Sync });
        Rocks = RocksDb.Open(new DbOptions().SetCreateIfMissing(true), Path.Combine(_folder, "rocksdb"));
        Sqlite = Database.Open("sqlite:" + Path.Combine(_folder, "kv.db"));
        await Sqlite.ExecuteAsync($"CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
        SqliteSession = await Sqlite.OpenSessionAsync();
        await SqliteSession.ExecuteAsync(Sql.Raw(Sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF"));

        var batch = Store.CreateBatch();
        using var rocksBatch = new WriteBatch();
        for (var i = 0; i < Keys; i++)
        {
            batch.Put(Key(i), Value);
            rocksBatch.Put(Key(i), Value);
        }
        await Store.WriteAsync(batch);
        Rocks.Write(rocksBatch);
        await SqliteSession.TransactionAsync(async tx =>
        {
            for (var i = 0; i < Keys; i++) await tx.ExecuteAsync($"INSERT INTO kv (k, v) VALUES ({Key(i)}, {Value})");
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await SqliteSession.DisposeAsync();
        await Sqlite.DisposeAsync();
        await Store.DisposeAsync();
        Rocks.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Reads one value by key; keys rotate through all 10,000.</summary>
public class KeyValuePointGet : KeyValueBenchmarkBase
{
    private readonly byte[][] _keys = [.. Enumerable.Range(0, Keys).Select(Key)];
    private int _next;

    private byte[] NextKey() => _keys[_next++ % Keys];

    [Benchmark(Baseline = true)]
    public byte[]? RocksDbSharp() => Rocks.Get(NextKey());

    [Benchmark]
    public ValueTask<byte[]?> Strata() => Store.GetAsync(NextKey());

    /// <summary>What running the read on the thread pool (<c>Task.Run</c>) would cost instead of on the caller's thread.</summary>
    [Benchmark]
    public async Task<byte[]?> StrataOffloaded()
    {
        var key = NextKey();
        return await Task.Run(() => Store.GetAsync(key).AsTask());
    }

    [Benchmark]
    public Task<byte[]?> SqliteThroughStrata() => SqliteSession.ScalarAsync<byte[]>($"SELECT v FROM kv WHERE k = {NextKey()}");
}

/// <summary>Writes one value under a new or existing key; with <see cref="Synced"/>, each write waits for the disk.</summary>
public class KeyValuePut : KeyValueBenchmarkBase
{
    private readonly byte[][] _keys = [.. Enumerable.Range(0, Keys).Select(Key)];
    private WriteOptions _rocksWrite = null!;
    private int _next;

    [Params(true, false)]
    public bool Synced { get; set; }

    protected override bool Sync => Synced;

    [GlobalSetup(Targets = [nameof(RocksDbSharp), nameof(Strata), nameof(SqliteThroughStrata)])]
    public async Task SetupPutAsync()
    {
        await SetupAsync();
        _rocksWrite = new WriteOptions().SetSync(Synced);
    }

    private byte[] NextKey() => _keys[_next++ % Keys];

    [Benchmark(Baseline = true)]
    public void RocksDbSharp() => Rocks.Put(NextKey(), Value, null, _rocksWrite);

    [Benchmark]
    public ValueTask Strata() => Store.PutAsync(NextKey(), Value);

    [Benchmark]
    public Task<ExecuteResult> SqliteThroughStrata() => SqliteSession.ExecuteAsync($"INSERT OR REPLACE INTO kv (k, v) VALUES ({NextKey()}, {Value})");
}

/// <summary>Reads the 10,000 keys in order (a prefix scan of all of them) with their values.</summary>
public class KeyValueRangeScan : KeyValueBenchmarkBase
{
    private static readonly byte[] Prefix = "key:"u8.ToArray();
    private static readonly byte[] End = "key;"u8.ToArray();

    [Benchmark(Baseline = true)]
    public long RocksDbSharp()
    {
        long bytes = 0;
        var options = new ReadOptions().SetIterateUpperBound(End);
        using var iterator = Rocks.NewIterator(null, options);
        for (iterator.Seek(Prefix); iterator.Valid(); iterator.Next()) bytes += iterator.Key().Length + iterator.Value().Length;
        return bytes;
    }

    [Benchmark]
    public async ValueTask<long> Strata()
    {
        long bytes = 0;
        await foreach (var entry in Store.ScanAsync(Prefix)) bytes += entry.Key.Length + entry.Value.Length;
        return bytes;
    }

    [Benchmark]
    public async Task<long> SqliteThroughStrata()
    {
        long bytes = 0;
        await foreach (var row in SqliteSession.StreamAsync<KeyValueRow>($"SELECT k, v FROM kv WHERE k >= {Prefix} AND k < {End} ORDER BY k")) bytes += row.K.Length + row.V.Length;
        return bytes;
    }
}

/// <summary>A row of the SQLite key-value table.</summary>
public sealed record KeyValueRow(byte[] K, byte[] V);
