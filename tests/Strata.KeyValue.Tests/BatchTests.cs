using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class BatchTests
{
    [Fact]
    public async Task A_batch_writes_its_puts_and_deletes_across_namespaces_together()
    {
        await using var s = TestStore.Open();
        var users = s.Store.Namespace("users");
        await s.Store.PutAsync("old", [1]);
        var batch = s.Store.CreateBatch();
        batch.Put("a", Bytes.Of("1"));
        batch.Put("typed", new { Id = 7 });
        batch.Delete("old");
        batch.In(users).Put("ada", Bytes.Of("admin"));
        Assert.Equal(4, batch.Count);
        Assert.False(await s.Store.ExistsAsync("a"));

        await s.Store.WriteAsync(batch);
        Assert.Equal("1", Bytes.Text(await s.Store.GetAsync("a")));
        Assert.Equal("{\"id\":7}", Bytes.Text(await s.Store.GetAsync("typed")));
        Assert.False(await s.Store.ExistsAsync("old"));
        Assert.Equal("admin", Bytes.Text(await users.GetAsync("ada")));
    }

    [Fact]
    public async Task Later_operations_on_a_key_win_and_values_are_copied_when_added()
    {
        await using var s = TestStore.Open();
        var value = Bytes.Of("first");
        var batch = s.Store.CreateBatch();
        batch.Put("k", value);
        value[0] = (byte)'X';
        batch.Delete("gone");
        batch.Put("gone", Bytes.Of("back"));
        await s.Store.WriteAsync(batch);
        Assert.Equal("first", Bytes.Text(await s.Store.GetAsync("k")));
        Assert.Equal("back", Bytes.Text(await s.Store.GetAsync("gone")));
    }

    [Fact]
    public async Task A_reader_never_sees_part_of_a_batch()
    {
        await using var s = TestStore.Open();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var batch = s.Store.CreateBatch();
                for (var i = 0; i < 20; i++) batch.Put($"k{i:D2}", n);
                await s.Store.WriteAsync(batch);
            }
        });
        var checks = 0;
        while (!writer.IsCompleted)
        {
            var values = new HashSet<int>();
            using (var snapshot = s.Store.CreateSnapshot())
            {
                await foreach (var entry in snapshot.ScanAsync<int>("k")) values.Add(entry.Value);
            }
            Assert.True(values.Count <= 1, $"a scan saw values of several batches: {string.Join(", ", values)}");
            checks++;
        }
        await writer;
        Assert.True(checks > 10);
    }

    [Fact]
    public async Task A_batch_with_bad_input_is_refused_when_it_is_added_to()
    {
        await using var s = TestStore.Open();
        var batch = s.Store.CreateBatch();
        Assert.Throws<ArgumentNullException>(() => batch.Put((string?)null, [1]));
        Assert.Throws<ArgumentException>(() => batch.Put("", [1]));
        Assert.Throws<ArgumentNullException>(() => batch.Put("k", (byte[])null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put("k", [1], TimeSpan.Zero));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task A_batch_of_another_store_is_refused()
    {
        await using var first = TestStore.Open();
        await using var second = TestStore.Open();
        var batch = first.Store.CreateBatch();
        batch.Put("k", [1]);
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await second.Store.WriteAsync(batch));
        Assert.Contains(first.Path, error.Message);
    }
}
