using System.Data;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class TransactionTests
{
    [Fact]
    public async Task Eight_concurrent_writers_conflict_and_their_retries_apply_every_increment_once()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("balance", 0L);
        var attempts = 0;
        const int Writers = 8, Each = 25;
        var start = new TaskCompletionSource();
        // Every writer's first attempt waits until all eight have read the balance, so conflicts happen however the
        // thread pool schedules the writers; after that they race freely.
        var firstReads = 0;
        var allRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var first = true;
            for (var i = 0; i < Each; i++)
            {
                await s.Store.TransactionAsync(async tx =>
                {
                    Interlocked.Increment(ref attempts);
                    var balance = await tx.GetAsync<long>("balance");
                    if (first)
                    {
                        first = false;
                        if (Interlocked.Increment(ref firstReads) == Writers) allRead.SetResult();
                        await allRead.Task;
                    }
                    await Task.Yield();
                    await tx.PutAsync("balance", balance + 1);
                }, new TransactionOptions { Retries = 200, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(20) });
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        Assert.Equal(Writers * Each, await s.Store.GetAsync<long>("balance"));
        Assert.True(attempts >= Writers * Each + Writers - 1, $"fewer conflicts than the {Writers - 1} forced ones were detected in {attempts} attempts");
    }

    [Fact]
    public async Task A_conflict_without_retries_is_a_transient_serialization_failure_and_writes_nothing()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("k", Bytes.Of("before"));
        await using var tx = s.Store.BeginTransaction();
        _ = await tx.GetAsync("k");
        await tx.PutAsync("other", Bytes.Of("from tx"));
        await s.Store.PutAsync("k", Bytes.Of("concurrent"));

        var error = await Assert.ThrowsAsync<SerializationFailureException>(async () => await tx.CommitAsync());
        Assert.True(error.IsTransient);
        Assert.Equal(KeyValueStore.SystemName, error.Dialect);
        Assert.Contains("re-run the whole transaction", error.Message);
        Assert.False(await s.Store.ExistsAsync("other"));
        Assert.False(tx.IsActive);
    }

    [Fact]
    public async Task A_write_write_conflict_is_detected_too()
    {
        await using var s = TestStore.Open();
        await using var first = s.Store.BeginTransaction();
        await using var second = s.Store.BeginTransaction();
        await first.PutAsync("k", Bytes.Of("1"));
        await second.PutAsync("k", Bytes.Of("2"));
        await first.CommitAsync();
        await Assert.ThrowsAsync<SerializationFailureException>(async () => await second.CommitAsync());
        Assert.Equal("1", Bytes.Text(await s.Store.GetAsync("k")));
    }

    [Fact]
    public async Task A_transaction_reads_its_own_writes_and_its_snapshot_not_later_commits()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("a:1", Bytes.Of("x"));
        await using var tx = s.Store.BeginTransaction();
        await tx.PutAsync("a:2", Bytes.Of("mine"));
        await tx.DeleteAsync("a:1");
        await s.Store.PutAsync("a:3", Bytes.Of("later"));

        Assert.Equal("mine", Bytes.Text(await tx.GetAsync("a:2")));
        Assert.False(await tx.ExistsAsync("a:1"));
        var keys = new List<string>();
        await foreach (var entry in tx.ScanAsync("a:")) keys.Add(entry.KeyText);
        Assert.Equal(["a:2"], keys);
        Assert.False(await s.Store.ExistsAsync("a:2"));
    }

    [Fact]
    public async Task An_exception_in_the_work_rolls_everything_back_and_is_rethrown()
    {
        await using var s = TestStore.Open();
        var users = s.Store.Namespace("users");
        await Assert.ThrowsAsync<InvalidOperationException>(() => s.Store.TransactionAsync(async tx =>
        {
            await tx.PutAsync("a", [1]);
            await tx.In(users).PutAsync("b", [1]);
            throw new InvalidOperationException("boom");
        }));
        Assert.False(await s.Store.ExistsAsync("a"));
        Assert.False(await users.ExistsAsync("b"));
        Assert.Equal(0, s.Store.Children.Count);
    }

    [Fact]
    public async Task A_committed_transaction_spans_namespaces_and_returns_the_works_result()
    {
        await using var s = TestStore.Open();
        var orders = s.Store.Namespace("orders");
        var id = await s.Store.TransactionAsync(async tx =>
        {
            var next = await tx.IncrementAsync("order-id");
            await tx.In(orders).PutAsync($"order:{next}", new { Total = 12.5 });
            return next;
        });
        Assert.Equal(1, id);
        Assert.Equal(1, await s.Store.GetAsync<long>("order-id"));
        Assert.True(await orders.ExistsAsync("order:1"));
    }

    [Fact]
    public async Task A_read_only_transaction_refuses_writes_and_an_ended_one_refuses_everything()
    {
        await using var s = TestStore.Open();
        await using var tx = s.Store.BeginTransaction(new TransactionOptions { ReadOnly = true });
        Assert.True(tx.IsReadOnly);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.PutAsync("k", [1]));
        await tx.RollbackAsync();
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.GetAsync("k"));
        Assert.Contains("has ended", ended.Message);
    }

    [Fact]
    public async Task Options_the_store_cannot_honour_are_refused_by_name()
    {
        await using var s = TestStore.Open();
        Assert.Contains("Isolation", Assert.Throws<ArgumentException>(() => s.Store.BeginTransaction(new TransactionOptions { Isolation = IsolationLevel.Serializable })).Message);
        Assert.Contains("Mode", Assert.Throws<ArgumentException>(() => s.Store.BeginTransaction(new TransactionOptions { Mode = TransactionMode.Immediate })).Message);
        Assert.Contains("VerifyCommit", Assert.Throws<ArgumentException>(() => s.Store.BeginTransaction(new TransactionOptions { VerifyCommit = (_, _) => Task.FromResult(true) })).Message);
        await using var snapshot = s.Store.BeginTransaction(new TransactionOptions { Isolation = IsolationLevel.Snapshot });
        Assert.True(snapshot.IsActive);
    }

    [Fact]
    public async Task Retries_give_up_after_the_number_asked_for()
    {
        await using var s = TestStore.Open();
        var runs = 0;
        await Assert.ThrowsAsync<SerializationFailureException>(() => s.Store.TransactionAsync(async tx =>
        {
            runs++;
            _ = await tx.GetAsync("hot");
            await s.Store.PutAsync("hot", Bytes.Of(runs.ToString()));
            await tx.PutAsync("hot", [0]);
        }, new TransactionOptions { Retries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(3, runs);
    }
}
