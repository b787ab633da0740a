using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;

namespace Strata.IntegrationTests;

/// <summary><c>db.Events</c> on every database.</summary>
public class DatabaseEventsTests
{
    [Theory, AllDatabases]
    public async Task Connections_commands_and_transactions_raise_their_events(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var database = Database.Open(new DatabaseOptions { Url = TestDatabase.Url(db), SlowQueryThreshold = TimeSpan.Zero, LoggerFactory = logs });
        var connected = new ConcurrentQueue<ConnectionEventArgs>();
        var executed = new ConcurrentQueue<QueryEventArgs>();
        var failed = new ConcurrentQueue<QueryEventArgs>();
        var slow = new ConcurrentQueue<SlowQueryEventArgs>();
        var committed = new ConcurrentQueue<TransactionEventArgs>();
        var rolledBack = new ConcurrentQueue<TransactionEventArgs>();
        object? sender = null;
        database.Events.Connected += (s, e) => { sender = s; connected.Enqueue(e); };
        database.Events.QueryExecuted += (_, e) => executed.Enqueue(e);
        database.Events.QueryFailed += (_, e) => failed.Enqueue(e);
        database.Events.SlowQuery += (_, e) => slow.Enqueue(e);
        database.Events.TransactionCommitted += (_, e) => committed.Enqueue(e);
        database.Events.TransactionRolledBack += (_, e) => rolledBack.Enqueue(e);
        var table = TestDatabase.Table("obs_ev");
        var t = Sql.Identifier(table);
        try
        {
            await database.ExecuteAsync($"CREATE TABLE {t} (id INTEGER PRIMARY KEY)");
            int[] ids = [1, 2, 3];
            await database.QueryAsync<int>($"SELECT id FROM {t} WHERE id IN ({ids})");
            await Assert.ThrowsAsync<UniqueViolationException>(() => database.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({1})");
                await tx.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({1})");
            }));
            await database.TransactionAsync(async tx => await tx.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({1})"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }

        var first = Assert.Single(connected);
        Assert.Same(database, sender);
        Assert.Equal(database.Settings.ToString(), first.Target);
        Assert.Null(first.Error);
        var select = Assert.Single(executed, e => e.Operation == CommandKind.Query);
        // The statement's shape, with its IN list folded (PostgreSQL sends the list as one array, = ANY($1)).
        Assert.EndsWith(db == Db.Postgres ? " = ANY($1)" : " IN (@p0, ...)", select.Sql, StringComparison.Ordinal);
        Assert.True(select.Duration > TimeSpan.Zero);
        var duplicate = Assert.Single(failed);
        Assert.IsType<UniqueViolationException>(duplicate.Error);
        Assert.Equal(CommandKind.Execute, duplicate.Operation);
        Assert.StartsWith("INSERT INTO", duplicate.Sql, StringComparison.Ordinal);
        Assert.Equal(executed.Count, slow.Count);
        Assert.All(slow, e => Assert.Equal(TimeSpan.Zero, e.Threshold));
        var commit = Assert.Single(committed);
        Assert.Equal(1, commit.Attempt);
        Assert.True(commit.Duration > TimeSpan.Zero);
        var rollback = Assert.Single(rolledBack);
        Assert.IsType<UniqueViolationException>(rollback.Error);
        Assert.DoesNotContain(logs.Lines, l => l.Level == LogLevel.Error);
    }

    [Theory, AllDatabases]
    public async Task A_handler_that_throws_is_logged_and_does_not_fail_the_command(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var database = await TestDatabase.OpenAsync(db, o => o.LoggerFactory = logs);
        database.Events.QueryExecuted += (_, _) => throw new InvalidOperationException("a broken handler");

        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT 1"));

        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith("A handler of the QueryExecuted event threw", StringComparison.Ordinal)
            && l.Message.Contains("a broken handler", StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task Migration_steps_raise_completed_and_failed_events_on_the_database(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_ok.sql", "-- UP\nCREATE TABLE {p}_ok (id INTEGER);\n");
        s.Write("002_bad.sql", "-- UP\nINSERT INTO {p}_missing (id) VALUES (1);\n");
        var events = new List<string>();
        s.Db.Events.MigrationCompleted += (_, e) => events.Add($"completed {e.Migration.Version} {e.Direction} {e.Duration > TimeSpan.Zero}");
        s.Db.Events.MigrationFailed += (_, e) => events.Add($"failed {e.Migration.Version} {e.Error?.GetType().Name}");

        await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        Assert.Equal(["completed 001 Up True", $"failed 002 {nameof(MigrationException)}"], events);
    }
}
