using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// How to open a key-value store: its directory, durability, memory and the rest. Immutable: change a copy with
/// <c>with</c>. Build it from a URL with <see cref="Parse"/> (<c>rocksdb:data/kv?sync=false&amp;syncInterval=1s</c>) or from
/// the environment with <see cref="FromEnvironment"/>; <see cref="KeyValueStore.Open(KeyValueOptions)"/> validates it.
/// </summary>
public sealed record KeyValueOptions
{
    /// <summary>The URL scheme: <c>rocksdb:</c>.</summary>
    public const string Scheme = "rocksdb";

    /// <summary>The directory <see cref="FromEnvironment"/> uses when neither <c>KV_URL</c> nor <c>KV_PATH</c> is set.</summary>
    public const string DefaultPath = "data/kv";

    /// <summary>The store's directory; relative paths are resolved against the working directory when the store opens.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Durability of each write. True (the default): the write-ahead log is flushed to disk (fsync) before a write
    /// returns, so an acknowledged write survives a crash of the process and of the machine; each write waits for the
    /// disk (about a millisecond on an SSD; concurrent writers share one fsync). False: the log is written to the
    /// operating system before the write returns, so it survives the process being killed but the last writes may be
    /// lost if the machine fails; writes are then about 100 times faster. See <see cref="SyncInterval"/>.
    /// </summary>
    public bool Sync { get; init; } = true;

    /// <summary>
    /// With <see cref="Sync"/> off, flush the write-ahead log to disk this often in the background, bounding what a
    /// machine failure can lose to about this much time. Null (the default): the operating system decides when.
    /// Not allowed with <see cref="Sync"/> on, where every write is flushed.
    /// </summary>
    public TimeSpan? SyncInterval { get; init; }

    /// <summary>Create the directory and an empty store when the directory does not exist or is empty (true by default).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>The block cache for reads, in bytes, shared by every namespace; null keeps RocksDB's default (32 MB).</summary>
    public long? BlockCacheSize { get; init; }

    /// <summary>The size of each namespace's in-memory write buffer (memtable), in bytes; null keeps RocksDB's default (64 MB).</summary>
    public long? WriteBufferSize { get; init; }

    /// <summary>How long disposing the store waits for calls still running on other threads before it gives up closing (10 s by default).</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Turns typed values into bytes and back; <see cref="JsonKeyValueSerializer.Default"/> unless set.</summary>
    public IKeyValueSerializer Serializer { get; init; } = JsonKeyValueSerializer.Default;

    /// <summary>Where log lines go (category <c>Strata.KeyValue</c>): opening and closing, transaction retries, migrations. Nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for expiring keys and retry backoff; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Assemblies whose <see cref="IKeyValueMigration"/> classes <see cref="KeyValueStore.Migrator"/> runs.</summary>
    public IReadOnlyList<Assembly> MigrationAssemblies { get; init; } = [];

    /// <summary>Individual <see cref="IKeyValueMigration"/> classes <see cref="KeyValueStore.Migrator"/> runs (with those of <see cref="MigrationAssemblies"/>).</summary>
    public IReadOnlyList<Type> MigrationTypes { get; init; } = [];

    /// <summary>
    /// Reads a URL: <c>rocksdb:</c> then the directory (<c>rocksdb:data/kv</c>, <c>rocksdb:/var/lib/app/kv</c>,
    /// <c>rocksdb:///var/lib/app/kv</c>; percent-encoded characters are decoded), then options: <c>sync</c>
    /// (true/false), <c>syncInterval</c> (<c>500ms</c>, <c>1s</c>, or milliseconds), <c>createIfMissing</c>,
    /// <c>blockCacheSize</c> and <c>writeBufferSize</c> (bytes, or with <c>KB</c>, <c>MB</c>, <c>GB</c>), <c>disposeTimeout</c>.
    /// Option names are case-insensitive.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="DatabaseConfigurationException">The URL is malformed or an option is unknown or invalid (the message names it).</exception>
    public static KeyValueOptions Parse(string url) => KeyValueUrl.Parse(url, new KeyValueOptions());

    /// <summary>
    /// Reads <c>KV_URL</c> (a <c>rocksdb:</c> URL); or, without it, <c>KV_PATH</c> (the directory, <see cref="DefaultPath"/>
    /// when unset), <c>KV_SYNC</c> (true/false) and <c>KV_SYNC_INTERVAL</c> (<c>1s</c>, <c>500ms</c>).
    /// </summary>
    /// <param name="getVariable">Reads a variable; the process environment when null.</param>
    /// <exception cref="DatabaseConfigurationException">A variable is invalid (the message names it).</exception>
    public static KeyValueOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { } v && v.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (Get("KV_URL") is { } url)
        {
            try
            {
                return Parse(url);
            }
            catch (DatabaseConfigurationException e)
            {
                throw new DatabaseConfigurationException($"KV_URL: {e.Message}", e);
            }
        }
        var options = new KeyValueOptions { Path = Get("KV_PATH") ?? DefaultPath };
        if (Get("KV_SYNC") is { } sync) options = options with { Sync = KeyValueUrl.ParseBool("KV_SYNC", sync) };
        if (Get("KV_SYNC_INTERVAL") is { } interval) options = options with { SyncInterval = KeyValueUrl.ParseDuration("KV_SYNC_INTERVAL", interval) };
        return options;
    }

    /// <summary>
    /// The options of the store named <paramref name="name"/> in an application's configuration, read as
    /// <c>AddKeyValueStore(name)</c> reads them (a <c>Strata:KeyValue:&lt;name&gt;</c> section with <c>Url</c> or <c>Path</c> and
    /// the other settings, else a <c>rocksdb:</c> URL in <c>ConnectionStrings:&lt;name&gt;</c>), for tools that open the store
    /// without the application's host. Null when the configuration declares no key-value store of that name.
    /// </summary>
    /// <param name="configuration">The configuration (an <c>appsettings.json</c>, environment variables…).</param>
    /// <param name="name">The store's name.</param>
    /// <param name="contentRoot">What a relative path is resolved against: the folder of the configuration file, as the host's content root would be; the working directory when null.</param>
    /// <exception cref="DatabaseConfigurationException">A setting is missing, unknown or invalid; the message names its key.</exception>
    public static KeyValueOptions? FromConfiguration(IConfiguration configuration, string name, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return KeyValueSection.Declares(configuration, name)
            ? KeyValueSection.Read(configuration, name, null, contentRoot ?? Directory.GetCurrentDirectory())
            : null;
    }

    /// <summary>Checks the values, naming the first one that is missing or out of range.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is missing or out of range.</exception>
    public void Validate()
    {
        static DatabaseConfigurationException Bad(string name, object? value, string rule) =>
            new($"KeyValue.{name} ({value?.ToString() ?? "null"}) {rule}.");
        if (string.IsNullOrWhiteSpace(Path)) throw Bad(nameof(Path), Path, "must name the store's directory (e.g. 'data/kv', or a URL 'rocksdb:data/kv')");
        if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0) throw Bad(nameof(Path), Path, "contains characters a path cannot hold");
        if (SyncInterval is { } interval)
        {
            if (Sync) throw Bad(nameof(SyncInterval), interval, "is only used with Sync off (every write is flushed when Sync is on): remove it or set Sync to false");
            if (interval < TimeSpan.FromMilliseconds(10) || interval > TimeSpan.FromHours(1)) throw Bad(nameof(SyncInterval), interval, "must be between 10 ms and 1 hour");
        }
        if (BlockCacheSize is < 0) throw Bad(nameof(BlockCacheSize), BlockCacheSize, "must not be negative");
        if (WriteBufferSize is < 64 * 1024) throw Bad(nameof(WriteBufferSize), WriteBufferSize, "must be at least 64 KB (65536)");
        if (DisposeTimeout < TimeSpan.Zero) throw Bad(nameof(DisposeTimeout), DisposeTimeout, "must not be negative");
        if (Serializer is null) throw Bad(nameof(Serializer), null, "must be set (JsonKeyValueSerializer.Default is the default)");
        if (TimeProvider is null) throw Bad(nameof(TimeProvider), null, "must be set (TimeProvider.System is the default)");
        if (MigrationAssemblies is null || MigrationAssemblies.Any(a => a is null)) throw Bad(nameof(MigrationAssemblies), null, "must not be or hold null");
        if (MigrationTypes is null || MigrationTypes.Any(t => t is null)) throw Bad(nameof(MigrationTypes), null, "must not be or hold null");
    }

    /// <summary>The options as a URL (no secrets: a store has none).</summary>
    public override string ToString() => KeyValueUrl.Format(this);
}
