using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Strata.Bulk;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.MySql;

namespace Strata.IntegrationTests.Bulk;

/// <summary>How a bulk insert behaves around its rows: keys, transactions, failures, progress, bad input and diagnostics.</summary>
public class BulkInsertTests
{
    public sealed class Item
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public int Count { get; set; }
    }

    /// <summary>Collects reports as they are made (<see cref="Progress{T}"/> would post them elsewhere).</summary>
    private sealed class ListProgress : IProgress<long>
    {
        public List<long> Reports { get; } = [];

        public Action<long>? OnReport { get; init; }

        public void Report(long value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    [Theory, BulkTargets]
    public async Task Generated_keys_are_left_to_the_database(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: true);
        var items = Enumerable.Range(1, 2_500).Select(i => new Item { Name = $"item {i}", Count = i }).ToList();

        Assert.Equal(2_500, await scope.Db.BulkInsertAsync(table, items));

        var back = await scope.Db.QueryAsync<Item>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY id");
        Assert.Equal(items.Select(i => (i.Name, i.Count)), back.Select(i => (i.Name, i.Count)));
        Assert.All(back, i => Assert.True(i.Id > 0));
        Assert.Equal(back.Count, back.Select(i => i.Id).Distinct().Count());
    }

    [Theory, BulkTargets]
    public async Task Keys_that_are_set_are_written(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: false);

        await scope.Db.BulkInsertAsync(table, Lazily(Enumerable.Range(1, 10).Select(i => new Item { Id = 100 + i, Name = "n", Count = i })));

        Assert.Equal(Enumerable.Range(101, 10).Select(i => (long)i), await scope.Db.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id"));
    }

    [Theory, BulkTargets]
    public async Task Rows_inserted_in_a_transaction_that_rolls_back_are_gone(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: true);

        await using (var tx = await scope.Db.BeginTransactionAsync())
        {
            Assert.Equal(1_500, await tx.BulkInsertAsync(table, Items(1_500)));
            Assert.Equal(1_500, await tx.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
            await tx.RollbackAsync();
        }
        // The ambient transaction of db.TransactionAsync is joined as well.
        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.TransactionAsync(async _ =>
        {
            await scope.Db.BulkInsertAsync(table, Items(10));
            throw new InvalidOperationException("roll back");
        }));

        Assert.Equal(0, await CountAsync(scope, table));
    }

    [Theory, BulkTargets]
    public async Task A_duplicate_key_midway_is_a_unique_violation_and_leaves_no_rows(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: false);
        var rows = Enumerable.Range(1, 3_000).Select(i => new object?[] { i == 2_500 ? 10L : i, $"item {i}", i }).ToList();

        var error = await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.BulkInsertAsync(table, ["id", "name", "count"], rows));

        Assert.Equal(0, await CountAsync(scope, table));
        Assert.DoesNotContain("item 2500", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(db switch { Db.Postgres => "COPY", Db.MariaDb when bulkCopy => "LOAD DATA", _ => "INSERT INTO" }, error.Sql, StringComparison.Ordinal);
    }

    [Theory, BulkTargets]
    public async Task A_failure_inside_a_transaction_takes_back_only_its_own_rows(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: false);
        var t = Sql.Identifier(table);

        await scope.Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"INSERT INTO {t} (id, name, count) VALUES ({1}, {"before"}, {0})");
            await Assert.ThrowsAsync<UniqueViolationException>(() => tx.BulkInsertAsync(table, ["id", "name", "count"], new object?[][] { [2L, "a", 1], [1L, "b", 2] }));
            await tx.ExecuteAsync($"INSERT INTO {t} (id, name, count) VALUES ({3}, {"after"}, {0})");
        });

        Assert.Equal(["before", "after"], await scope.Db.QueryAsync<string>($"SELECT name FROM {t} ORDER BY id"));
    }

    [Theory, BulkTargets]
    public async Task Progress_is_reported_per_batch_and_at_the_end(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: true);
        var progress = new ListProgress();

        await scope.Db.BulkInsertAsync(table, Items(2_500), new BulkInsertOptions { BatchSize = 1_000, Progress = progress });

        Assert.Equal([1_000, 2_000, 2_500], progress.Reports);
    }

    [Theory, BulkTargets]
    public async Task A_zero_command_timeout_waits_as_long_as_it_takes(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: true);

        Assert.Equal(2_500, await scope.Db.BulkInsertAsync(table, Items(2_500), new BulkInsertOptions { CommandTimeout = TimeSpan.Zero }));
        Assert.Equal(10, await scope.Db.WithCommandTimeout(TimeSpan.FromSeconds(5)).BulkInsertAsync(table, Items(10)));
    }

    [Theory, BulkTargets]
    public async Task Cancelling_midway_stops_and_leaves_no_rows(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: true);
        using var cancel = new CancellationTokenSource();
        var progress = new ListProgress { OnReport = _ => cancel.Cancel() };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            scope.Db.BulkInsertAsync(table, Items(5_000), new BulkInsertOptions { BatchSize = 1_000, Progress = progress }, cancel.Token));

        Assert.Equal(0, await CountAsync(scope, table));
    }

    [Theory, AllDatabases]
    public async Task No_rows_is_a_no_op(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, TestDatabase.SnakeCase);
        var progress = new ListProgress();
        // The table does not exist: nothing is sent, so nothing notices.
        var missing = TestDatabase.Table("bulk_missing");

        Assert.Equal(0, await scope.Db.BulkInsertAsync(missing, ["name"], [], new BulkInsertOptions { Progress = progress }));
        Assert.Equal(0, await scope.Db.BulkInsertAsync(missing, new List<Item>()));
        Assert.Equal(0, await scope.Db.BulkInsertAsync(missing, Lazily(Array.Empty<Item>())));
        Assert.Empty(progress.Reports);
    }

    [Theory, AllDatabases]
    public async Task Bad_input_fails_early_with_a_clear_argument_exception(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, TestDatabase.SnakeCase);
        var table = await ItemsAsync(scope, generatedKey: false);
        object?[][] good = [[1, "a", 1]];

        var name = await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync("items; drop table x", ["id"], good));
        Assert.Equal("table", name.ParamName);
        Assert.Contains("not a valid identifier", name.Message, StringComparison.Ordinal);
        var width = await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Db.BulkInsertAsync(table, ["id", "name", "count"], new object?[][] { [1, "a", 1], [2, "secret-value"] }));
        Assert.Contains("Row 2 has 2 values but 3 columns", width.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", width.Message, StringComparison.Ordinal);
        Assert.Equal("rows", width.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["id", "ID"], good));
        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, [], good));
        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["items.id"], good));
        await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["id", "name", "count"], new object?[]?[] { [1, "a", 1], null }!));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Db.BulkInsertAsync(table, new[] { new Item { Id = 1 }, new Item { Id = 0 } }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Db.BulkInsertAsync(table, ["id"], good, new BulkInsertOptions { BatchSize = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            scope.Db.BulkInsertAsync(table, ["id"], good, new BulkInsertOptions { CommandTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Equal(0, await CountAsync(scope, table));
    }

    [Theory, BulkTargets]
    public async Task A_malformed_row_in_a_streamed_sequence_takes_back_what_was_written(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await ItemsAsync(scope, generatedKey: false);
        var rows = Lazily(Enumerable.Range(1, 2_000).Select(i => i == 1_500 ? new object?[] { (long)i, "short" } : new object?[] { (long)i, "x", i }));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["id", "name", "count"], rows));

        Assert.Contains("Row 1500", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(scope, table));
    }

    [Theory, AllDatabases]
    public async Task Each_bulk_insert_is_one_debug_line_and_one_measurement(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var scope = await SchemaScope.OpenAsync(db, o => { TestDatabase.SnakeCase(o); o.LoggerFactory = logs; });
        var table = await ItemsAsync(scope, generatedKey: true);
        var operations = new ConcurrentQueue<string?>();
        // The meter is process-wide and other test classes bulk insert into the same server at the same time: count only the
        // measurements this test's own flow records.
        var mine = new AsyncLocal<bool>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StrataMetrics.MeterName && instrument.Name == "db.client.operation.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? system = null, operation = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "db.system.name") system = (string?)tag.Value;
                if (tag.Key == "db.operation.name") operation = (string?)tag.Value;
            }
            if (system == scope.Db.Dialect.Name && mine.Value) operations.Enqueue(operation);
        });
        listener.Start();
        logs.Lines.Clear();

        mine.Value = true;
        await scope.Db.BulkInsertAsync(table, Items(2_500));

        var lines = logs.Lines.Where(l => l.Message.StartsWith("Bulk inserted", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.Equal(LogLevel.Debug, lines[0].Level);
        Assert.Contains($"2500 rows into {table}", lines[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, operations.Count(o => o == "bulk_insert"));
    }

    public sealed class Blob
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public byte[]? Data { get; set; }
    }

    [Theory, BulkTargets]
    public async Task Bytes_in_the_last_column_after_a_generated_key_round_trip(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = scope.Table("bulk_blobs");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.String("name", 20);
            t.Binary("data").Nullable();
        }).ExecuteAsync();
        Blob[] blobs = [new() { Name = "a", Data = [0, 9, 10, 13, 92, 255] }, new() { Name = "b", Data = null }, new() { Name = "c", Data = [] }];

        await scope.Db.BulkInsertAsync(table, blobs);

        var back = await scope.Db.QueryAsync<Blob>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY name");
        Assert.Equal(blobs.Select(b => b.Data), back.Select(b => b.Data));
    }

    [Fact]
    public async Task LOAD_DATA_fails_where_it_would_have_changed_a_value()
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        var table = scope.Table("bulk_strict");
        var t = Sql.Identifier(table);
        await scope.Db.ExecuteAsync($"CREATE TABLE {t} (id BIGINT PRIMARY KEY, name VARCHAR(5) NOT NULL, flag BIT(1) NULL)");

        var missing = await Assert.ThrowsAsync<NotNullViolationException>(() =>
            scope.Db.BulkInsertAsync(table, ["id", "name"], new object?[][] { [1L, "ok"], [2L, null] }));
        var tooLong = await Assert.ThrowsAnyAsync<DatabaseException>(() =>
            scope.Db.BulkInsertAsync(table, ["id", "name"], new object?[][] { [1L, "ok"], [2L, "far too long"] }));
        await scope.Db.BulkInsertAsync(table, ["id", "name", "flag"], new object?[][] { [1L, "yes", true], [2L, "no", false], [3L, "null", null] });

        Assert.Equal("name", missing.Column);
        Assert.Equal("name", tooLong.Column);
        Assert.DoesNotContain("far too long", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, null], await scope.Db.QueryAsync<bool?>($"SELECT flag FROM {t} ORDER BY id"));
    }

    [Fact]
    public async Task A_value_of_another_type_than_its_column_fails_PostgreSQL_copy_clearly()
    {
        await using var scope = await SchemaScope.OpenAsync(Db.Postgres, TestDatabase.SnakeCase);
        var table = await ItemsAsync(scope, generatedKey: false);

        // An int for the bigint column: COPY's binary format has no room for the server to convert it.
        var error = await Assert.ThrowsAsync<DatabaseException>(() => scope.Db.BulkInsertAsync(table, ["id", "name", "count"], new object?[][] { [1, "a", 1] }));

        Assert.False(error.IsTransient);
        Assert.Equal("id", error.Column);
        Assert.Contains("long for bigint", error.Message, StringComparison.Ordinal);
        // Inside a transaction too, though Npgsql drops the connection (and the transaction with it) after this protocol error.
        await using (var tx = await scope.Db.BeginTransactionAsync())
        {
            var inside = await Assert.ThrowsAsync<DatabaseException>(() => tx.BulkInsertAsync(table, ["id", "name", "count"], new object?[][] { [1, "a", 1] }));
            Assert.Equal("id", inside.Column);
        }
        Assert.Equal(0, await CountAsync(scope, table));
    }

    [Fact]
    public async Task The_url_option_decides_whether_MariaDB_uses_LOAD_DATA()
    {
        await using (var plain = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: false))
            Assert.False(((MySqlDialect)plain.Db.Dialect).UsesBulkCopy);
        await using (var local = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true))
            Assert.True(((MySqlDialect)local.Db.Dialect).UsesBulkCopy);
        Assert.Throws<DatabaseConfigurationException>(() => Database.Open(TestDatabase.PostgresUrl + "?allow_load_local_infile=true"));
    }

    private static async Task<string> ItemsAsync(SchemaScope scope, bool generatedKey)
    {
        var table = scope.Table("bulk_items");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            if (generatedKey) t.BigIncrements("id");
            else t.BigInteger("id").PrimaryKey();
            t.String("name", 100);
            t.Integer("count");
        }).ExecuteAsync();
        return table;
    }

    private static List<Item> Items(int count) => Enumerable.Range(1, count).Select(i => new Item { Name = $"item {i}", Count = i }).ToList();

    private static Task<long> CountAsync(SchemaScope scope, string table) => scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}");

    /// <summary>The items one at a time, so that nothing can look at them before they are sent.</summary>
    private static IEnumerable<T> Lazily<T>(IEnumerable<T> items)
    {
        foreach (var item in items) yield return item;
    }
}
