using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// StreamAsync holds its connection only while rows are read, returns it however the enumeration
/// ends, and reads through the transaction it runs in.
/// </summary>
public class StreamingTests
{
    private const int RowCount = 100;

    [Theory, AllDatabases]
    public async Task StreamAsync_reads_every_row_lazily(Db db)
    {
        var counter = new CommandCounter();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(counter));
        var table = await CreateItemsAsync(database, db);
        try
        {
            var before = counter.Streams;
            var stream = database.StreamAsync<Item>($"SELECT id, label FROM {Sql.Identifier(table)} ORDER BY id");

            // Nothing runs and no connection is taken until the enumeration starts.
            Assert.Equal(before, counter.Streams);
            Assert.Equal(0, database.GetPoolStatistics().Busy);

            var items = new List<Item>();
            await foreach (var item in stream)
            {
                if (items.Count == 0)
                {
                    Assert.Equal(before + 1, counter.Streams);
                    Assert.Equal(1, database.GetPoolStatistics().Busy);
                }
                items.Add(item);
            }

            Assert.Equal(Enumerable.Range(1, RowCount), items.Select(i => i.Id));
            Assert.Equal("item 100", items[^1].Label);
            Assert.Equal(0, database.GetPoolStatistics().Busy);

            // The same stream object runs the query again when enumerated again.
            var again = 0;
            await foreach (var _ in stream) again++;
            Assert.Equal(RowCount, again);
            Assert.Equal(before + 2, counter.Streams);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Abandoning_a_stream_early_returns_its_connection(Db db)
    {
        await using var database = await OpenSinglePoolAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var seen = new List<int>();
                await foreach (var item in database.StreamAsync<Item>($"SELECT id, label FROM {Sql.Identifier(table)} ORDER BY id"))
                {
                    seen.Add(item.Id);
                    if (seen.Count == 2) break;
                }

                Assert.Equal([1, 2], seen);
                Assert.Equal(0, database.GetPoolStatistics().Busy);
            }

            // With one connection in the pool, these would wait out the connect timeout had the stream kept it.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Equal(RowCount, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}", guard.Token));
            Assert.Equal("item 3", await database.QuerySingleAsync<string>($"SELECT label FROM {Sql.Identifier(table)} WHERE id = {3}", guard.Token));
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_stream_that_fails_while_mapping_returns_its_connection(Db db)
    {
        await using var database = await OpenSinglePoolAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            await Assert.ThrowsAsync<MappingException>(async () =>
            {
                await foreach (var _ in database.StreamAsync<int>($"SELECT label FROM {Sql.Identifier(table)} ORDER BY id")) { }
            });

            Assert.Equal(0, database.GetPoolStatistics().Busy);
            Assert.Equal(RowCount, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Cancelling_during_streaming_throws_and_returns_the_connection(Db db)
    {
        await using var database = await OpenSinglePoolAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            using var cts = new CancellationTokenSource();
            var seen = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in database.StreamAsync<Item>($"SELECT id, label FROM {Sql.Identifier(table)} ORDER BY id", cts.Token))
                {
                    if (++seen == 2) await cts.CancelAsync();
                }
            });

            Assert.Equal(2, seen);
            Assert.Equal(0, database.GetPoolStatistics().Busy);
            Assert.Equal(RowCount, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Cancelling_through_WithCancellation_throws_and_returns_the_connection(Db db)
    {
        await using var database = await OpenSinglePoolAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            using var cts = new CancellationTokenSource();
            var seen = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                var stream = database.StreamAsync<Item>($"SELECT id, label FROM {Sql.Identifier(table)} ORDER BY id");
                await foreach (var _ in stream.WithCancellation(cts.Token))
                {
                    if (++seen == 5) await cts.CancelAsync();
                }
            });

            Assert.Equal(5, seen);
            Assert.Equal(0, database.GetPoolStatistics().Busy);
            Assert.Equal(RowCount, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_token_cancelled_before_streaming_throws_without_taking_a_connection(Db db)
    {
        await using var database = await OpenSinglePoolAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            using var cts = new CancellationTokenSource();
            await cts.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in database.StreamAsync<Item>($"SELECT id, label FROM {Sql.Identifier(table)}", cts.Token)) { }
            });

            Assert.Equal(0, database.GetPoolStatistics().Busy);
            Assert.Equal(RowCount, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Streaming_in_a_transaction_reads_its_uncommitted_rows(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, rows: 0);
        var t = Sql.Identifier(table);
        try
        {
            await using (var tx = await database.BeginTransactionAsync())
            {
                await tx.ExecuteAsync($"INSERT INTO {t} (id, label) VALUES ({1}, {"one"}), ({2}, {"two"}), ({3}, {"three"})");

                var inside = new List<string>();
                await foreach (var item in tx.StreamAsync<Item>($"SELECT id, label FROM {t} ORDER BY id")) inside.Add(item.Label);
                var outside = await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}");

                Assert.Equal(["one", "two", "three"], inside);
                Assert.Equal(0, outside);

                // An abandoned stream leaves the transaction's connection ready for the next command.
                await foreach (var _ in tx.StreamAsync<Item>($"SELECT id, label FROM {t} ORDER BY id")) break;
                await tx.ExecuteAsync($"DELETE FROM {t} WHERE id = {2}");
                Assert.Equal(2, await tx.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
            }

            Assert.Equal(0, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Streaming_from_the_database_joins_the_ambient_transaction(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, rows: 0);
        var t = Sql.Identifier(table);
        try
        {
            var inside = await database.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"INSERT INTO {t} (id, label) VALUES ({1}, {"a"}), ({2}, {"b"})");
                var labels = new List<string>();
                await foreach (var item in database.StreamAsync<Item>($"SELECT id, label FROM {t} ORDER BY id")) labels.Add(item.Label);
                return labels;
            });

            Assert.Equal(["a", "b"], inside);
            Assert.Equal(2, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    private static Task<Database> OpenSinglePoolAsync(Db db) => TestDatabase.OpenAsync(db, o =>
    {
        o.MaxPoolSize = 1;
        o.ConnectTimeout = TimeSpan.FromSeconds(5);
    });

    private static async Task<string> CreateItemsAsync(Database database, Db db, int rows = RowCount)
    {
        var table = TestDatabase.Table("stream");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id {Sql.Raw(Types.Int(db))} NOT NULL PRIMARY KEY, label {Sql.Raw(Types.Text(db))} NOT NULL)");
        if (rows == 0) return table;
        try
        {
            var values = Enumerable.Range(1, rows).Select(i => (Sql)$"({i}, {"item " + i})");
            await database.ExecuteAsync($"INSERT INTO {t} (id, label) VALUES {Sql.Join(Sql.Raw(", "), values)}");
        }
        catch
        {
            await DropAsync(database, table);
            throw;
        }
        return table;
    }

    private static Task<ExecuteResult> DropAsync(Database database, string table) => database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");

    public sealed record Item(int Id, string Label);

    private sealed class CommandCounter : ICommandInterceptor
    {
        private int _streams;

        public int Streams => Volatile.Read(ref _streams);

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            if (context.Kind == CommandKind.Stream) Interlocked.Increment(ref _streams);
            return default;
        }
    }
}
