using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class DisposeTests
{
    [Fact]
    public async Task A_disposed_store_refuses_calls_with_its_path_named()
    {
        await using var s = TestStore.Open();
        await s.Store.DisposeAsync();
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await s.Store.GetAsync("k"));
        Assert.Contains(s.Path, error.Message);
        Assert.Throws<ObjectDisposedException>(() => s.Store.CreateSnapshot());
        await s.Store.DisposeAsync();
        s.Store.Dispose();
    }

    [Fact]
    public async Task Disposing_ends_open_snapshots_transactions_and_scans_and_releases_everything()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("a", [1]);
        await s.Store.PutAsync("b", [1]);
        var snapshot = s.Store.CreateSnapshot();
        var transaction = s.Store.BeginTransaction();
        await transaction.PutAsync("uncommitted", [1]);
        var scan = s.Store.ScanAsync("").GetAsyncEnumerator();
        Assert.True(await scan.MoveNextAsync());
        Assert.Equal(3, s.Store.Children.Count);

        await s.Store.DisposeAsync();

        Assert.Equal(0, s.Store.Children.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await snapshot.GetAsync("a"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await scan.MoveNextAsync());
        await using var reopened = KeyValueStore.Open(s.Options);
        Assert.False(await reopened.ExistsAsync("uncommitted"));
    }

    [Fact]
    public async Task Without_sync_and_with_a_sync_interval_writes_survive_a_clean_close()
    {
        await using var s = TestStore.Open(o => o with { Sync = false, SyncInterval = TimeSpan.FromMilliseconds(50) });
        await s.Store.PutAsync("k", [1]);
        await Task.Delay(200);
        await s.ReopenAsync();
        Assert.True(await s.Store.ExistsAsync("k"));
    }
}
