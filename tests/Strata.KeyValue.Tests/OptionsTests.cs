using Microsoft.Extensions.Configuration;

namespace Strata.KeyValue.Tests;

public class OptionsTests
{
    [Fact]
    public void A_url_gives_the_directory_and_the_options()
    {
        var options = KeyValueOptions.Parse("rocksdb:data/kv?sync=false&syncInterval=250ms&blockCacheSize=64MB&writeBufferSize=8mb&createIfMissing=no&disposeTimeout=2s");
        Assert.Equal("data/kv", options.Path);
        Assert.False(options.Sync);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SyncInterval);
        Assert.Equal(64L << 20, options.BlockCacheSize);
        Assert.Equal(8L << 20, options.WriteBufferSize);
        Assert.False(options.CreateIfMissing);
        Assert.Equal(TimeSpan.FromSeconds(2), options.DisposeTimeout);
        Assert.Equal("rocksdb:data/kv?sync=false&syncInterval=250ms&createIfMissing=false&blockCacheSize=67108864&writeBufferSize=8388608", options.ToString());
    }

    [Theory]
    [InlineData("rocksdb:/var/lib/app/kv", "/var/lib/app/kv")]
    [InlineData("rocksdb:///var/lib/app/kv", "/var/lib/app/kv")]
    [InlineData("ROCKSDB:kv", "kv")]
    [InlineData("rocksdb:my%20store", "my store")]
    public void Absolute_relative_and_encoded_paths_are_read(string url, string path) =>
        Assert.Equal(path, KeyValueOptions.Parse(url).Path);

    [Fact]
    public void Sync_is_the_default()
    {
        var options = KeyValueOptions.Parse("rocksdb:kv");
        Assert.True(options.Sync);
        Assert.Null(options.SyncInterval);
        Assert.True(options.CreateIfMissing);
    }

    [Theory]
    [InlineData("sqlite:app.db", "must start with 'rocksdb:'")]
    [InlineData("rocksdb:", "names no directory")]
    [InlineData("rocksdb://host/kv", "names a host ('host')")]
    [InlineData("rocksdb:kv?fsync=true", "'fsync' is not a key-value store option")]
    [InlineData("rocksdb:kv?sync=maybe", "sync ('maybe') must be true or false")]
    [InlineData("rocksdb:kv?blockCacheSize=lots", "blockCacheSize ('lots') must be a size")]
    [InlineData("rocksdb:kv?syncInterval=soon", "syncInterval ('soon') must be a duration")]
    public void A_malformed_url_names_what_is_wrong(string url, string expected)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => KeyValueOptions.Parse(url));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("rocksdb:kv?syncInterval=1s", "KeyValue.SyncInterval (00:00:01) is only used with Sync off")]
    [InlineData("rocksdb:kv?sync=false&syncInterval=1ms", "KeyValue.SyncInterval (00:00:00.0010000) must be between 10 ms and 1 hour")]
    [InlineData("rocksdb:kv?writeBufferSize=1KB", "KeyValue.WriteBufferSize (1024) must be at least 64 KB")]
    public void Validate_names_the_key_the_value_and_the_rule(string url, string expected)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => KeyValueOptions.Parse(url).Validate());
        Assert.Equal(expected, error.Message[..expected.Length]);
    }

    [Fact]
    public void Options_without_a_path_are_refused_when_a_store_is_opened()
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => KeyValueStore.Open(new KeyValueOptions()));
        Assert.StartsWith("KeyValue.Path (null) must name the store's directory", error.Message);
    }

    [Fact]
    public void The_environment_gives_a_url_or_a_path_and_sync_settings()
    {
        Assert.Equal("data/kv", KeyValueOptions.FromEnvironment(_ => null).Path);
        var fromUrl = KeyValueOptions.FromEnvironment(name => name == "KV_URL" ? "rocksdb:/srv/kv?sync=false" : null);
        Assert.Equal("/srv/kv", fromUrl.Path);
        Assert.False(fromUrl.Sync);
        var variables = new Dictionary<string, string> { ["KV_PATH"] = "/srv/other", ["KV_SYNC"] = "false", ["KV_SYNC_INTERVAL"] = "2s" };
        var fromParts = KeyValueOptions.FromEnvironment(variables.GetValueOrDefault);
        Assert.Equal("/srv/other", fromParts.Path);
        Assert.False(fromParts.Sync);
        Assert.Equal(TimeSpan.FromSeconds(2), fromParts.SyncInterval);
        var error = Assert.Throws<DatabaseConfigurationException>(() => KeyValueOptions.FromEnvironment(name => name == "KV_SYNC" ? "perhaps" : null));
        Assert.Contains("KV_SYNC", error.Message);
        Assert.Contains("KV_URL: ", Assert.Throws<DatabaseConfigurationException>(() => KeyValueOptions.FromEnvironment(name => name == "KV_URL" ? "redis://x" : null)).Message);
    }

    [Fact]
    public void A_store_of_an_applications_configuration_is_read_by_name_and_other_names_are_not_stores()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:main"] = "postgres://app@localhost/app",
            ["ConnectionStrings:cache"] = "rocksdb:/srv/cache?sync=false",
            ["Strata:KeyValue:kv:Path"] = "data/kv",
            ["Strata:KeyValue:kv:SyncInterval"] = "1s",
            ["Strata:KeyValue:kv:Sync"] = "false",
            ["Strata:KeyValue:bad:Url"] = "rocksdb:data/bad",
            ["Strata:KeyValue:bad:Fsync"] = "true",
        }).Build();

        var kv = KeyValueOptions.FromConfiguration(configuration, "kv", "/srv/app")!;
        Assert.Equal("/srv/app/data/kv", kv.Path);
        Assert.False(kv.Sync);
        Assert.Equal(TimeSpan.FromSeconds(1), kv.SyncInterval);
        var cache = KeyValueOptions.FromConfiguration(configuration, "cache")!;
        Assert.Equal("/srv/cache", cache.Path);
        Assert.False(cache.Sync);
        Assert.Null(KeyValueOptions.FromConfiguration(configuration, "main"));
        Assert.Null(KeyValueOptions.FromConfiguration(configuration, "absent"));
        var error = Assert.Throws<DatabaseConfigurationException>(() => KeyValueOptions.FromConfiguration(configuration, "bad"));
        Assert.Contains("Strata:KeyValue:bad:Fsync is not a key-value store setting", error.Message);
    }
}
