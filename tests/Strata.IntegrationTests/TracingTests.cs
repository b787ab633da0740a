using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;
using Strata.Query;

namespace Strata.IntegrationTests;

/// <summary>Spans on the <c>Strata</c> activity source: commands, transactions, bulk inserts and migrations.</summary>
public class TracingTests
{
    private const string Secret = "sekret-4711";

    private static async Task<string> CreateTableAsync(SchemaScope scope, Db db)
    {
        var table = scope.Table("obs_tr");
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL UNIQUE)");
        return table;
    }

    private static object? Tag(Activity span, string key) => span.GetTagItem(key);

    [Theory, AllDatabases]
    public async Task Every_command_is_a_client_span_under_the_callers_activity_with_its_SQL_and_no_values(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateTableAsync(scope, db);
        var t = Sql.Identifier(table);
        using var spans = new SpanCollector();

        await database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({1}, {Secret})");
        Assert.Equal(Secret, await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE id = {1}"));
        await database.QueryAsync<string>($"SELECT name FROM {t} WHERE name = {Secret}");
        await foreach (var _ in database.StreamAsync<string>($"SELECT name FROM {t} WHERE name <> {Secret}")) { }
        await database.From(table).Where("name", Secret).ToListAsync<string>();
        await database.BulkInsertAsync(table, ["id", "name"], new object?[][] { [2, Secret + "-2"], [3, Secret + "-3"] });

        var commands = spans.Spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(["execute", "scalar", "query", "stream", "query", "bulk_insert"], commands.Select(s => Tag(s, "db.operation.name")));
        Assert.All(commands, s =>
        {
            Assert.Equal(spans.Root.SpanId, s.ParentSpanId);
            Assert.Equal(TelemetryExpectations.SystemName(db), Tag(s, "db.system.name"));
            Assert.Equal(TelemetryExpectations.Namespace(database), Tag(s, "db.namespace"));
            Assert.Contains(table, (string)Tag(s, "db.query.text")!, StringComparison.Ordinal);
            Assert.Equal($"{Tag(s, "db.operation.name")} {TelemetryExpectations.Namespace(database)}", s.DisplayName);
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
            if (db == Db.Sqlite)
            {
                Assert.Null(Tag(s, "server.address"));
            }
            else
            {
                Assert.Equal(database.Settings.Host, Tag(s, "server.address"));
                Assert.Equal(database.Settings.Port, Tag(s, "server.port"));
            }
        });
        var bulk = commands[^1];
        Assert.Equal(table, Tag(bulk, "db.collection.name"));
        Assert.Equal(2L, Tag(bulk, "strata.bulk_insert.rows"));
        Assert.DoesNotContain(spans.AllTagValues(), v => v.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task A_transaction_is_a_span_over_its_commands_with_its_outcome(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateTableAsync(scope, db);
        var t = Sql.Identifier(table);
        using var spans = new SpanCollector();

        await database.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({1}, {"a"})");
            await database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({2}, {"b"})");
            await tx.TransactionAsync(async inner => await inner.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({3}, {"c"})"));
        });
        await using (var tx = await database.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({4}, {"d"})");
            await tx.RollbackAsync();
        }

        var all = spans.Spans.ToList();
        var transactions = all.Where(s => s.DisplayName.StartsWith("transaction", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, transactions.Count);
        Assert.All(transactions, s => Assert.Equal(ActivityKind.Internal, s.Kind));
        var savepoint = Assert.Single(transactions, s => Tag(s, "strata.transaction.savepoint") is true);
        var committed = Assert.Single(transactions, s => s != savepoint && (string?)Tag(s, "strata.transaction.outcome") == "committed");
        var rolledBack = Assert.Single(transactions, s => (string?)Tag(s, "strata.transaction.outcome") == "rolled_back");
        Assert.Equal("committed", Tag(savepoint, "strata.transaction.outcome"));
        Assert.Equal(spans.Root.SpanId, committed.ParentSpanId);
        Assert.Equal(spans.Root.SpanId, rolledBack.ParentSpanId);
        Assert.Equal(committed.SpanId, savepoint.ParentSpanId);
        Assert.Equal(TelemetryExpectations.SystemName(db), Tag(committed, "db.system.name"));

        // Commands stop in the order they ran.
        var inserts = all.Where(x => x.Kind == ActivityKind.Client && ((string)Tag(x, "db.query.text")!).StartsWith("INSERT", StringComparison.Ordinal)).ToList();
        Activity Insert(int n) => inserts[n];
        Assert.Equal(4, inserts.Count);
        Assert.Equal(committed.SpanId, Insert(0).ParentSpanId);
        Assert.Equal(committed.SpanId, Insert(1).ParentSpanId);
        Assert.Equal(savepoint.SpanId, Insert(2).ParentSpanId);
        Assert.Equal(rolledBack.SpanId, Insert(3).ParentSpanId);
        // Each transaction span lasts from BEGIN to its end, so it holds its commands.
        Assert.True(committed.Duration >= Insert(0).Duration + Insert(1).Duration);
    }

    [Theory, AllDatabases]
    public async Task Failures_set_the_span_status_and_the_Strata_error_type(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateTableAsync(scope, db);
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({1}, {Secret})");
        using var spans = new SpanCollector();

        await Assert.ThrowsAsync<UniqueViolationException>(() => database.ExecuteAsync($"INSERT INTO {t} (id, name) VALUES ({2}, {Secret})"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"UPDATE {t} SET name = {Secret + "-x"} WHERE id = {1}");
            throw new InvalidOperationException("the work gave up");
        }));

        var failed = Assert.Single(spans.Spans, s => s.Kind == ActivityKind.Client && s.Status == ActivityStatusCode.Error);
        Assert.Equal(nameof(UniqueViolationException), Tag(failed, "error.type"));
        Assert.NotNull(Tag(failed, "db.response.status_code"));
        var transaction = Assert.Single(spans.Spans, s => s.DisplayName.StartsWith("transaction", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, transaction.Status);
        Assert.Equal(nameof(InvalidOperationException), Tag(transaction, "error.type"));
        Assert.Equal("rolled_back", Tag(transaction, "strata.transaction.outcome"));
        Assert.DoesNotContain(spans.AllTagValues(), v => v.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task Migration_steps_are_spans_over_their_statements(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_ok.sql", "-- UP\nCREATE TABLE {p}_ok (id INTEGER);\nINSERT INTO {p}_ok (id) VALUES (1);\n");
        s.Write("002_bad.sql", "-- UP\nINSERT INTO {p}_missing (id) VALUES (1);\n");
        using var spans = new SpanCollector();

        await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        var all = spans.Spans.ToDictionary(x => x.SpanId);
        var steps = all.Values.Where(x => x.DisplayName == "migration up").ToList();
        var ok = Assert.Single(steps, x => (string?)Tag(x, "strata.migration.version") == "001");
        var bad = Assert.Single(steps, x => (string?)Tag(x, "strata.migration.version") == "002");
        Assert.Equal("success", Tag(ok, "strata.migration.outcome"));
        Assert.Equal("failure", Tag(bad, "strata.migration.outcome"));
        Assert.Equal(ActivityStatusCode.Error, bad.Status);
        Assert.Equal(nameof(MigrationException), Tag(bad, "error.type"));

        bool Within(Activity span, Activity ancestor)
        {
            for (var id = span.ParentSpanId; all.TryGetValue(id, out var parent); id = parent.ParentSpanId)
                if (parent == ancestor) return true;
            return false;
        }
        var statements = all.Values.Where(x => x.Kind == ActivityKind.Client && ((string?)Tag(x, "db.query.text"))?.Contains(s.Prefix + "_ok (", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, statements.Count);
        Assert.All(statements, x => Assert.True(Within(x, ok), $"{x.DisplayName} ({Tag(x, "db.query.text")}) is not inside the step's span"));
        Assert.Contains(all.Values, x => x.Status == ActivityStatusCode.Error && x.Kind == ActivityKind.Client && Within(x, bad));
    }
}
