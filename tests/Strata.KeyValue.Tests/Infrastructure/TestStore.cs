namespace Strata.KeyValue.Tests.Infrastructure;

/// <summary>A store in a directory of its own, closed and deleted when the test ends.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private TestStore(Func<KeyValueOptions, KeyValueOptions>? configure)
    {
        Options = new KeyValueOptions { Path = _directory.Sub("kv"), Sync = false };
        if (configure is not null) Options = configure(Options);
        Store = KeyValueStore.Open(Options);
    }

    public KeyValueOptions Options { get; }

    public KeyValueStore Store { get; private set; }

    public string Path => Options.Path!;

    /// <summary>Opens a store; <paramref name="configure"/> changes the options (which start with Sync off, for speed).</summary>
    public static TestStore Open(Func<KeyValueOptions, KeyValueOptions>? configure = null) => new(configure);

    /// <summary>Closes the store and opens it again.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = KeyValueStore.Open(Options);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }
}
