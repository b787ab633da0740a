using RocksDbSharp;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class BadInputTests
{
    [Fact]
    public async Task Null_and_empty_keys_are_refused_with_the_parameter_named()
    {
        await using var s = TestStore.Open();
        var nullKey = await Assert.ThrowsAsync<ArgumentNullException>(async () => await s.Store.GetAsync((string?)null));
        Assert.Equal("key", nullKey.ParamName);
        Assert.Contains("The key is null", nullKey.Message);
        var empty = await Assert.ThrowsAsync<ArgumentException>(async () => await s.Store.PutAsync("", [1]));
        Assert.Contains("The key is empty", empty.Message);
        await Assert.ThrowsAsync<ArgumentException>(async () => await s.Store.PutAsync(Array.Empty<byte>(), [1]));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await s.Store.DeleteAsync((byte[]?)null));
        await Assert.ThrowsAsync<ArgumentException>(async () => await s.Store.IncrementAsync(""));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await s.Store.PutAsync("k", (byte[])null!));
    }

    [Fact]
    public void A_path_that_is_a_file_is_refused_and_the_file_left_alone()
    {
        using var temp = new TempDirectory();
        var file = temp.Sub("data.bin");
        File.WriteAllText(file, "not a store");
        var error = Assert.Throws<KeyValueStoreAccessException>(() => KeyValueStore.Open("rocksdb:" + file));
        Assert.Contains("is a file, not a directory", error.Message);
        Assert.Equal(file, error.Path);
        Assert.Equal("not a store", File.ReadAllText(file));
    }

    [Fact]
    public void A_directory_of_other_files_is_refused_and_left_alone()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("photos");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "holiday.jpg"), "jpeg");
        var before = TempDirectory.Snapshot(directory);
        var error = Assert.Throws<KeyValueStoreFormatException>(() => KeyValueStore.Open("rocksdb:" + directory));
        Assert.Contains("holiday.jpg", error.Message);
        TempDirectory.AssertUnchanged(before, directory);
    }

    [Fact]
    public void A_rocksdb_database_strata_did_not_create_is_refused_and_left_alone()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("foreign");
        using (var db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true), directory)) db.Put("their-key", "their-value");
        var before = TempDirectory.Snapshot(directory);
        var error = Assert.Throws<KeyValueStoreFormatException>(() => KeyValueStore.Open("rocksdb:" + directory));
        Assert.Contains("Strata did not create", error.Message);
        TempDirectory.AssertUnchanged(before, directory);
        using var again = RocksDb.Open(new DbOptions(), directory);
        Assert.Equal("their-value", again.Get("their-key"));
    }

    [Fact]
    public async Task A_store_of_a_newer_format_is_refused()
    {
        await using var s = TestStore.Open();
        await s.Store.Reserved("__strata").PutAsync("format", "99"u8.ToArray());
        await s.Store.DisposeAsync();
        var error = Assert.Throws<KeyValueStoreFormatException>(() => KeyValueStore.Open(s.Options));
        Assert.Contains("newer", error.Message);
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public async Task A_store_whose_CURRENT_file_is_lost_is_reported_damaged_and_not_recreated()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        await using (var store = KeyValueStore.Open("rocksdb:" + directory)) await store.PutAsync("k", [1]);
        File.Delete(Path.Combine(directory, "CURRENT"));
        var before = TempDirectory.Snapshot(directory);
        var error = Assert.Throws<KeyValueStoreCorruptedException>(() => KeyValueStore.Open("rocksdb:" + directory));
        Assert.Contains("no CURRENT file", error.Message);
        TempDirectory.AssertUnchanged(before, directory);
    }

    [Fact]
    public async Task A_damaged_manifest_is_reported_damaged_and_left_alone()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        await using (var store = KeyValueStore.Open("rocksdb:" + directory)) await store.PutAsync("k", [1]);
        var manifest = Directory.GetFiles(directory, "MANIFEST-*").Single();
        var bytes = File.ReadAllBytes(manifest);
        for (var i = 0; i < bytes.Length; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(manifest, bytes);
        var before = TempDirectory.Snapshot(directory);
        var error = Assert.Throws<KeyValueStoreCorruptedException>(() => KeyValueStore.Open("rocksdb:" + directory));
        Assert.Contains("ran no repair", error.Message);
        Assert.Contains("Corruption", error.Message);
        TempDirectory.AssertUnchanged(before, directory);
    }

    [Fact]
    public async Task A_damaged_table_file_is_reported_damaged()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        await using (var store = KeyValueStore.Open("rocksdb:" + directory))
        {
            for (var i = 0; i < 100; i++) await store.PutAsync($"k{i}", new byte[100]);
            await store.CompactAsync();
        }
        var table = Directory.GetFiles(directory, "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(table);
        for (var i = 0; i < bytes.Length; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(table, bytes);
        var before = TempDirectory.Snapshot(directory);
        var error = await Assert.ThrowsAsync<KeyValueStoreCorruptedException>(async () =>
        {
            await using var store = KeyValueStore.Open("rocksdb:" + directory);
            await store.GetAsync("k5");
        });
        Assert.Contains("ran no repair", error.Message);
        TempDirectory.AssertUnchanged(before, directory);
    }

    [Fact]
    public void A_missing_directory_is_refused_when_creation_is_off()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("absent");
        var error = Assert.Throws<KeyValueStoreAccessException>(() => KeyValueStore.Open($"rocksdb:{directory}?createIfMissing=false"));
        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(directory));
    }
}
