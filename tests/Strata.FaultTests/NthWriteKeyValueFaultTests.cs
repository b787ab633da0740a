using System.Text;
using Strata.KeyValue;
using Strata.KeyValue.Internal;

namespace Strata.FaultTests;

/// <summary>
/// The embedded key-value store with its write N failed the way RocksDB fails a write (an I/O error status), for N = 1, 2, …
/// until the work completes: migrations and then batches, single writes, a transaction and a counter. After each N the caller
/// has a typed error, and the store, closed and opened again, holds exactly what the operations before the failed one wrote
/// (a migration or a batch is all or nothing).
/// </summary>
public class NthWriteKeyValueFaultTests
{
    [Migration("001", "Seed users")]
    public sealed class SeedUsers : KeyValueMigration
    {
        public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
        {
            foreach (var name in new[] { "ada", "bob", "cy" }) await context.Transaction.PutAsync("user:" + name, Encoding.UTF8.GetBytes(name), cancellationToken);
        }
    }

    [Migration("002", "Index users")]
    public sealed class IndexUsers : KeyValueMigration
    {
        public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
        {
            var index = context.Namespace("by-initial");
            await foreach (var user in context.Transaction.ScanAsync("user:", cancellationToken: cancellationToken))
            {
                await index.PutAsync(user.KeyText[5..6], user.Value, cancellationToken);
                await context.Transaction.DeleteAsync("user:" + user.KeyText[5..], cancellationToken);
                await context.Transaction.PutAsync("u:" + user.KeyText[5..], user.Value, cancellationToken);
            }
        }
    }

    /// <summary>The store's whole content (every namespace, key order), as text to compare.</summary>
    private static async Task<string> ContentAsync(KeyValueStore store)
    {
        var all = new List<string>();
        foreach (var name in store.NamespaceNames)
        {
            await foreach (var entry in store.Namespace(name).ScanAsync(""))
                all.Add($"{name}/{entry.KeyText}={Encoding.UTF8.GetString(entry.Value)}");
        }
        return string.Join(" ", all);
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>How many times the steps run: once in CI, more with <c>STRATA_FAULT_KV_ROUNDS</c> (scripts/soak.sh).</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("STRATA_FAULT_KV_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 1;

    /// <summary>Each step of the scenario after the migrations; the state after every step is recorded by a run without faults.</summary>
    private static IEnumerable<(string Name, Func<KeyValueStore, Task> Run)> Steps() =>
        Enumerable.Range(1, Rounds).SelectMany(round => OneRound().Select(s => ($"{s.Name} (round {round})", s.Run)));

    private static IEnumerable<(string Name, Func<KeyValueStore, Task> Run)> OneRound() =>
    [
        ("batch of three in two namespaces", async store =>
        {
            var batch = store.CreateBatch();
            batch.Put("order:1", B("open"));
            batch.Put("order:2", B("open"));
            batch.In(store.Namespace("audit")).Put("order:1", B("created"));
            await store.WriteAsync(batch);
        }),
        ("single put", async store => await store.PutAsync("order:3", B("open"))),
        ("batch with a delete", async store =>
        {
            var batch = store.CreateBatch();
            batch.Delete("order:1");
            batch.Put("order:2", B("paid"));
            batch.In(store.Namespace("audit")).Put("order:2", B("paid"));
            await store.WriteAsync(batch);
        }),
        ("transaction", store => store.TransactionAsync(async tx =>
        {
            await tx.PutAsync("order:3", B("paid"));
            await tx.In(store.Namespace("audit")).PutAsync("order:3", B("paid"));
        }, new TransactionOptions { Retries = 0 })),
        ("counter", async store => await store.IncrementAsync("orders-paid", 2)),
        ("single delete", async store => await store.DeleteAsync("order:3")),
    ];

    private static KeyValueOptions Options(string path) =>
        // Without a flush per write (the store is closed cleanly, which flushes): the loop opens a store per N and must stay quick.
        new() { Path = path, Sync = false, MigrationTypes = [typeof(SeedUsers), typeof(IndexUsers)] };

    [Fact]
    public async Task Migrations_and_batches_are_all_or_nothing_and_the_reopened_store_is_consistent_whichever_write_fails()
    {
        var root = Directory.CreateTempSubdirectory("strata-fault-kv-").FullName;
        try
        {
            // The states a run without faults goes through: after the migrations, then after each step.
            var expected = new List<string>();
            await using (var clean = KeyValueStore.Open(Options(Path.Combine(root, "clean"))))
            {
                await clean.Migrator.UpAsync();
                expected.Add(await ContentAsync(clean));
                foreach (var (_, run) in Steps())
                {
                    await run(clean);
                    expected.Add(await ContentAsync(clean));
                }
            }
            var steps = Steps().ToList();
            for (var n = 1; n <= 100 * Rounds; n++)
            {
                var path = Path.Combine(root, $"n{n}");
                var writes = 0;
                string? failedWrite = null;
                var done = -1;  // -1: migrations not finished; k: k steps finished.
                Exception? error = null;
                var store = KeyValueStore.Open(Options(path));
                store.Handle.BeforeWrite = operation =>
                {
                    if (++writes != n) return;
                    failedWrite = operation;
                    throw new RocksStatus($"IO error: injected failure of write {n} ({operation})");
                };
                try
                {
                    await store.Migrator.UpAsync();
                    done = 0;
                    foreach (var (_, run) in steps)
                    {
                        await run(store);
                        done++;
                    }
                }
                catch (Exception e)
                {
                    error = e;
                }
                finally
                {
                    await store.DisposeAsync();
                }
                var where = $"key-value store at write N={n}{(failedWrite is null ? "" : $" ({failedWrite})")}, in {(done < 0 ? "the migrations" : done < steps.Count ? steps[done].Name : "no step")}";
                if (failedWrite is null)
                {
                    Assert.True(error is null, $"{where}: failed without a fault: {error}");
                    Assert.True(n > 5, $"the scenario completed after only {n - 1} writes");
                    return;
                }
                Assert.True(error is DatabaseException, $"{where}: expected a DatabaseException, got {error?.GetType().FullName}: {error}");
                Assert.Contains("injected failure", error!.ToString(), StringComparison.Ordinal);

                // Opened again: the failed operation left nothing, everything before it is there, and the migrations finish.
                await using var reopened = KeyValueStore.Open(Options(path));
                var content = await ContentAsync(reopened);
                var status = await reopened.Migrator.StatusAsync();
                if (done < 0)
                {
                    var applied = status.Count(s => s.State == MigrationState.Applied);
                    Assert.True(applied < 2, $"{where}: both migrations are recorded as applied after a failed run");
                    // Migration 1 alone leaves the users; migration 2 moves them. Half of either is neither.
                    var users = string.Join(" ", content.Split(' ').Where(e => e.StartsWith("default/user:", StringComparison.Ordinal)));
                    if (applied == 0) Assert.True(content.Length == 0, $"{where}: no migration applied, yet the store holds {content}");
                    else Assert.True(users == "default/user:ada=ada default/user:bob=bob default/user:cy=cy" && content == users,
                        $"{where}: after migration 001 alone the store holds {content}");
                    await reopened.Migrator.UpAsync();
                    Assert.Equal(expected[0], await ContentAsync(reopened));
                }
                else
                {
                    Assert.All(status, s => Assert.Equal(MigrationState.Applied, s.State));
                    Assert.True(expected[done] == content, $"{where}: the store holds\n  {content}\nbut after {done} step(s) it should hold\n  {expected[done]}");
                }
            }
            Assert.Fail($"the key-value scenario did not complete within {100 * Rounds} writes");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
