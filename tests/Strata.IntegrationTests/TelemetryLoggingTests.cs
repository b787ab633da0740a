using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>Retries and connection failures as log lines, measurements, spans and events; and no password anywhere.</summary>
public class TelemetryLoggingTests
{
    /// <summary>Two transactions update two rows in opposite order (SQLite: read, then write on a stale snapshot), so one is run again.</summary>
    [Theory, AllDatabases]
    public async Task A_retried_transaction_logs_a_warning_counts_the_retry_and_traces_each_attempt(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var scope = await SchemaScope.OpenAsync(db, o => o.LoggerFactory = logs);
        var database = scope.Db;
        var table = scope.Table("obs_retry");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id INTEGER PRIMARY KEY, balance {Sql.Raw(Types.BigInt(db))} NOT NULL)");
        await database.ExecuteAsync($"INSERT INTO {t} (id, balance) VALUES ({1}, {100}), ({2}, {100})");
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        var attempts = await CrossedUpdates.RunAsync(database, db, table);

        Assert.Equal([1, 2], attempts.Order());
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Transaction attempt", StringComparison.Ordinal));
        Assert.Matches(@"^Transaction attempt 1 of 6 failed with \w+Exception; running it again in \d+ ms", warning.Message);
        // Tests on one server share its namespace: the retry to count is the one recorded in this test's trace.
        var retry = Assert.Single(metrics.Of("strata.transaction.retries"), m => m.TraceId == spans.Root.TraceId);
        Assert.Equal(TelemetryExpectations.Namespace(database), retry.Tag("db.namespace"));
        Assert.Equal(1, retry.Value);
        Assert.Contains($"failed with {retry.Tag("error.type")};", warning.Message, StringComparison.Ordinal);
        var transactions = spans.Spans.Where(s => s.DisplayName.StartsWith("transaction", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, transactions.Count);
        Assert.Single(transactions, s => s.GetTagItem("strata.transaction.attempt") is 2 && (string?)s.GetTagItem("strata.transaction.outcome") == "committed");
        var lost = Assert.Single(transactions, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(retry.Tag("error.type"), lost.GetTagItem("error.type"));
    }

    [Theory, ServerDatabases]
    public async Task A_connection_that_cannot_open_is_an_error_line_an_event_and_a_measurement_without_the_password(Db db)
    {
        const string password = "pw-wrong-9f3k2";
        var logs = new ListLoggerFactory();
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        await using var database = Database.Open(new DatabaseOptions
        {
            Url = TelemetryExpectations.WithPassword(TestDatabase.Url(db), password),
            LoggerFactory = logs,
            CollectStatistics = true,
        });
        var failures = new List<ConnectionEventArgs>();
        database.Events.ConnectionFailed += (_, e) => failures.Add(e);

        var ping = await Assert.ThrowsAsync<ConnectionFailureException>(() => database.PingAsync());
        await Assert.ThrowsAsync<ConnectionFailureException>(() => database.TransactionAsync(_ => Task.CompletedTask));

        // One line per failed attempt to connect: the ping's and the transaction's.
        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, l => Assert.StartsWith($"Could not open a connection to {database.Settings}: {nameof(ConnectionFailureException)}", l.Message, StringComparison.Ordinal));
        Assert.Contains(":***@", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.IsType<ConnectionFailureException>(f.Error));
        Assert.Equal(database.Settings.ToString(), failures[0].Target);
        var ns = TelemetryExpectations.Namespace(database);
        Assert.Equal(2, metrics.Of("strata.connection.errors").Count(m => m.TraceId == spans.Root.TraceId && m.Tag("db.namespace") == ns
            && m.Tag("error.type") == nameof(ConnectionFailureException) && m.Tag("server.address") == database.Settings.Host));
        var transaction = Assert.Single(spans.Spans);
        Assert.Equal(ActivityStatusCode.Error, transaction.Status);
        Assert.Equal(nameof(ConnectionFailureException), transaction.GetTagItem("error.type"));

        AssertNowhere(password, logs, metrics, spans);
        Assert.DoesNotContain(password, ping.Message, StringComparison.Ordinal);
        Assert.All(failures, f => Assert.DoesNotContain(password, f.Target + f.Error, StringComparison.Ordinal));
    }

    /// <summary>
    /// The test servers' password is also the user's and the database's prefix, so the test looks for the forms a
    /// leaked password would take: the URL's user:password@ and a connection string's Password=.
    /// </summary>
    [Theory, ServerDatabases]
    public async Task A_working_URL_with_a_password_shows_it_in_no_span_measurement_or_log_line(Db db)
    {
        var logs = new ListLoggerFactory();
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        await using (var database = await TestDatabase.OpenAsync(db, o => { o.LoggerFactory = logs; o.SlowQueryThreshold = TimeSpan.Zero; }))
        {
            var password = database.Settings.Password!;
            await database.ScalarAsync<int>($"SELECT {1}");
            await database.TransactionAsync(async tx => await tx.ScalarAsync<int>($"SELECT {2}"));
            await Assert.ThrowsAnyAsync<DatabaseException>(() => database.ExecuteAsync($"SELEC nonsense"));
            metrics.Observe();

            Assert.NotEmpty(spans.Spans);
            Assert.NotEmpty(logs.Lines);
            AssertNowhere($":{password}@", logs, metrics, spans);
            AssertNowhere($"password={password}", logs, metrics, spans);
        }
    }

    private static void AssertNowhere(string secret, ListLoggerFactory logs, MetricCollector metrics, SpanCollector spans)
    {
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(spans.AllTagValues(), v => v.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(metrics.Measurements.SelectMany(m => m.Tags.Values), v => v?.ToString()?.Contains(secret, StringComparison.OrdinalIgnoreCase) == true);
    }
}
