using System.Collections.Concurrent;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Bulk;

/// <summary>
/// Command interceptors see the statements of bulk inserts like any other command (COPY, LOAD DATA, each batched INSERT,
/// SQLite's prepared INSERT), with the table, columns and rows, and can refuse them; transaction control is not a command
/// they see.
/// </summary>
public class BulkInterceptionTests
{
    private sealed record Call(string Hook, CommandKind Kind, string Text, string? Table, IReadOnlyList<string>? Columns, long? Rows, Exception? Error);

    private sealed class Recorder : ICommandInterceptor
    {
        public ConcurrentQueue<Call> Calls { get; } = new();

        public Func<CommandContext, Exception?>? Refuse { get; init; }

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Record("before", context);
            if (Refuse?.Invoke(context) is { } refusal) throw refusal;
            return default;
        }

        public ValueTask AfterExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Record("after", context);
            return default;
        }

        public ValueTask FailedAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Record("failed", context);
            return default;
        }

        private void Record(string hook, CommandContext context) => Calls.Enqueue(new Call(hook, context.Kind, context.Command.CommandText,
            context.BulkInsert?.Table, context.BulkInsert?.Columns, context.BulkInsert?.Rows, context.Exception));

        public List<Call> Bulk(string hook) => Calls.Where(c => c.Hook == hook && c.Kind == CommandKind.BulkInsert).ToList();
    }

    private sealed class PolicyException(string message) : Exception(message);

    private static async Task<string> ItemsAsync(SchemaScope scope)
    {
        var table = scope.Table("bulk_icpt");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.String("name", 100);
            t.Integer("count");
        }).ExecuteAsync();
        return table;
    }

    private static IEnumerable<object?[]> Rows(int count, int first = 1)
    {
        for (var i = first; i < first + count; i++) yield return [$"item {i}", i];
    }

    [Theory, BulkTargets]
    public async Task Interceptors_see_each_bulk_statement_with_its_table_columns_and_rows(Db db, bool bulkCopy)
    {
        var recorder = new Recorder();
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy, o => o.Interceptors.Add(recorder));
        var table = await ItemsAsync(scope);
        recorder.Calls.Clear();

        var written = await scope.Db.BulkInsertAsync(table, ["name", "count"], Rows(2_500).ToList(), new BulkInsertOptions { BatchSize = 1_000 });

        Assert.Equal(2_500, written);
        var before = recorder.Bulk("before");
        var after = recorder.Bulk("after");
        Assert.All(before.Concat(after), c =>
        {
            Assert.Equal(table, c.Table);
            Assert.Equal(new[] { "name", "count" }, c.Columns!);
        });
        var batched = db == Db.MariaDb && !bulkCopy;
        var expected = batched ? new long?[] { 1_000, 1_000, 500 } : [2_500];
        Assert.Equal(expected, before.Select(c => c.Rows));
        Assert.Equal(expected, after.Select(c => c.Rows));
        var prefix = db switch
        {
            Db.Postgres => "COPY ",
            Db.MariaDb when bulkCopy => "LOAD DATA ",
            _ => "INSERT INTO ",
        };
        Assert.All(before, c => Assert.StartsWith(prefix, c.Text, StringComparison.Ordinal));
        // The transaction the insert runs in (BEGIN, COMMIT) is not a command interceptors see.
        Assert.All(recorder.Calls, c => Assert.Equal(CommandKind.BulkInsert, c.Kind));
    }

    [Theory, BulkTargets]
    public async Task Streamed_rows_are_counted_once_written(Db db, bool bulkCopy)
    {
        var recorder = new Recorder();
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy, o => o.Interceptors.Add(recorder));
        var table = await ItemsAsync(scope);
        recorder.Calls.Clear();

        await scope.Db.BulkInsertAsync(table, ["name", "count"], Rows(1_200), new BulkInsertOptions { BatchSize = 1_000 });

        var batched = db == Db.MariaDb && !bulkCopy;
        Assert.Equal(batched ? new long?[] { 1_000, 200 } : [null], recorder.Bulk("before").Select(c => c.Rows));
        Assert.Equal(batched ? new long?[] { 1_000, 200 } : [1_200], recorder.Bulk("after").Select(c => c.Rows));
    }

    [Theory, BulkTargets]
    public async Task An_interceptor_can_refuse_a_bulk_insert_before_anything_is_written(Db db, bool bulkCopy)
    {
        var recorder = new Recorder
        {
            Refuse = c => c.BulkInsert is { } bulk ? new PolicyException($"Bulk inserts into {bulk.Table} are not allowed.") : null,
        };
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy, o => o.Interceptors.Add(recorder));
        var table = await ItemsAsync(scope);

        var e = await Assert.ThrowsAsync<PolicyException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"], Rows(100)));

        Assert.Contains(table, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }

    [Theory, BulkTargets]
    public async Task The_failed_hook_sees_a_bulk_statement_the_database_refused(Db db, bool bulkCopy)
    {
        var recorder = new Recorder();
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy, o => o.Interceptors.Add(recorder));
        var table = await ItemsAsync(scope);
        recorder.Calls.Clear();

        await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.BulkInsertAsync(table, ["id", "name", "count"],
            [[1L, "a", 1], [2L, "b", 2], [2L, "c", 3]]));

        var failed = Assert.Single(recorder.Bulk("failed"));
        Assert.IsType<UniqueViolationException>(failed.Error);
        Assert.Equal(table, failed.Table);
        Assert.Equal(3, failed.Rows);
        Assert.Empty(recorder.Bulk("after"));
    }

    [Theory, AllDatabases]
    public async Task Interceptors_see_introspection_and_statements_in_transactions_but_not_transaction_control(Db db)
    {
        var recorder = new Recorder();
        await using var scope = await SchemaScope.OpenAsync(db, o => o.Interceptors.Add(recorder));
        var table = await ItemsAsync(scope);
        recorder.Calls.Clear();

        await scope.Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET count = 1 WHERE id = {1}");
            await tx.TransactionAsync(inner => inner.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        });
        await scope.Db.Schema.IntrospectAsync();

        var texts = recorder.Calls.Where(c => c.Hook == "before").Select(c => c.Text.TrimStart()).ToList();
        Assert.Contains(texts, t => t.StartsWith("UPDATE", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("SELECT COUNT(*)", StringComparison.Ordinal));
        Assert.True(texts.Count > 2, "Introspection's queries go through the interceptors.");
        string[] control = ["BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET TRANSACTION"];
        Assert.DoesNotContain(texts, t => control.Any(c => t.StartsWith(c, StringComparison.OrdinalIgnoreCase)));
    }
}
