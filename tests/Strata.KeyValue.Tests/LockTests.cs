using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class LockTests
{
    [Fact]
    public async Task A_second_open_in_the_same_process_says_to_share_the_store()
    {
        await using var s = TestStore.Open();
        var error = Assert.Throws<KeyValueStoreLockedException>(() => KeyValueStore.Open(s.Options));
        Assert.True(error.HeldByThisProcess);
        Assert.Equal(Path.Combine(s.Path, "LOCK"), error.LockFile);
        Assert.Contains("already open in this process", error.Message);
        await s.Store.PutAsync("still", [1]);
        Assert.True(await s.Store.ExistsAsync("still"));
    }

    [Fact]
    public async Task A_store_another_process_holds_is_refused_naming_the_lock_and_the_process_and_left_alone()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        await using (var store = KeyValueStore.Open("rocksdb:" + directory)) await store.PutAsync("k", [1]);
        using var holder = Child.Start("hold", directory);
        try
        {
            await Child.WaitForLineAsync(holder, "open");
            var before = TempDirectory.Snapshot(directory);
            var error = Assert.Throws<KeyValueStoreLockedException>(() => KeyValueStore.Open("rocksdb:" + directory));
            Assert.False(error.HeldByThisProcess);
            Assert.Equal(holder.Id, error.HolderProcessId);
            Assert.Contains(Path.Combine(directory, "LOCK"), error.Message);
            Assert.Contains($"process {holder.Id}", error.Message);
            TempDirectory.AssertUnchanged(before, directory);
        }
        finally
        {
            holder.StandardInput.Close();
            await holder.WaitForExitAsync();
        }
        await using var reopened = KeyValueStore.Open("rocksdb:" + directory);
        Assert.True(await reopened.ExistsAsync("k"));
    }

    [Fact]
    public async Task Disposing_a_store_releases_its_lock()
    {
        await using var s = TestStore.Open();
        await s.Store.DisposeAsync();
        await using var again = KeyValueStore.Open(s.Options);
        Assert.False(again.Created);
    }
}
