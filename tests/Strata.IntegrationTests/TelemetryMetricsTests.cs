using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;

namespace Strata.IntegrationTests;

/// <summary>
/// The <c>Strata</c> meter on every database. Other tests measure at the same time, so each test looks only at
/// measurements tagged with its own database.
/// </summary>
public class TelemetryMetricsTests
{
    [Theory, AllDatabases]
    public async Task Commands_are_measured_with_system_namespace_and_operation_and_failures_by_type(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = scope.Table("obs_mx");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id INTEGER PRIMARY KEY)");
        using var metrics = new MetricCollector();

        await database.ScalarAsync<int>($"SELECT {1}");
        await database.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({1})");
        await Assert.ThrowsAsync<UniqueViolationException>(() => database.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({1})"));
        await database.TransactionAsync(async tx => await tx.ExecuteAsync($"INSERT INTO {t} (id) VALUES ({2})"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(_ => throw new InvalidOperationException("no")));

        var system = TelemetryExpectations.SystemName(db);
        var ns = TelemetryExpectations.Namespace(database);
        var mine = metrics.Measurements.Where(m => m.Tag("db.system.name") == system && m.Tag("db.namespace") == ns).ToList();
        var durations = mine.Where(m => m.Instrument == "db.client.operation.duration").ToList();
        Assert.Contains(durations, m => m.Tag("db.operation.name") == "scalar" && m.Tag("error.type") is null && m.Value >= 0);
        Assert.Contains(durations, m => m.Tag("db.operation.name") == "execute" && m.Tag("error.type") == nameof(UniqueViolationException));
        Assert.Contains(mine, m => m.Instrument == "strata.command.errors" && m.Value == 1
            && m.Tag("error.type") == nameof(UniqueViolationException) && m.Tag("db.operation.name") == "execute");
        var transactions = mine.Where(m => m.Instrument == "strata.transaction.duration").ToList();
        Assert.Contains(transactions, m => m.Tag("strata.transaction.outcome") == "committed" && m.Value > 0);
        Assert.Contains(transactions, m => m.Tag("strata.transaction.outcome") == "rolled_back");
        if (db != Db.Sqlite)
            Assert.All(durations, m => Assert.Equal(database.Settings.Host, m.Tag("server.address")));
    }

    [Theory, AllDatabases]
    public async Task Pool_connections_are_observed_by_state_with_the_pending_requests(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var pool = TelemetryExpectations.PoolName(database);
        using var metrics = new MetricCollector();

        await using (var session = await database.OpenSessionAsync())
        {
            await session.ScalarAsync<int>($"SELECT 1");
            metrics.Observe();
            var counts = metrics.Of("db.client.connection.count").Where(m => m.Tag("db.client.connection.pool.name") == pool).ToList();
            Assert.Contains(counts, m => m.Tag("db.client.connection.state") == "used" && m.Value >= 1);
            Assert.Contains(counts, m => m.Tag("db.client.connection.state") == "idle" && m.Value >= 0);
            Assert.Contains(metrics.Of("db.client.connection.pending_requests"), m => m.Tag("db.client.connection.pool.name") == pool && m.Value >= 0);
        }
        if (db != Db.Sqlite) return;

        // A SQLite file is this test's alone, so its figures are exact: the session's connection is back in the pool.
        metrics.Measurements.Clear();
        metrics.Observe();
        var after = metrics.Of("db.client.connection.count").Where(m => m.Tag("db.client.connection.pool.name") == pool).ToList();
        Assert.Equal(0, after.Single(m => m.Tag("db.client.connection.state") == "used").Value);
        Assert.True(after.Single(m => m.Tag("db.client.connection.state") == "idle").Value >= 1);
    }

    [Theory, AllDatabases]
    public async Task Migration_steps_are_measured_by_direction_and_outcome(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_ok.sql", "-- UP\nCREATE TABLE {p}_ok (id INTEGER);\n-- DOWN\nDROP TABLE {p}_ok;\n");
        using var metrics = new MetricCollector();
        var migrator = s.Migrator();

        await migrator.UpAsync();
        await migrator.DownAsync();
        s.Write("002_bad.sql", "-- UP\nINSERT INTO {p}_missing (id) VALUES (1);\n");
        await Assert.ThrowsAsync<MigrationException>(() => migrator.UpAsync());

        var ns = TelemetryExpectations.Namespace(s.Db);
        var steps = metrics.Of("strata.migration.duration").Where(m => m.Tag("db.namespace") == ns).ToList();
        Assert.Contains(steps, m => m.Tag("strata.migration.direction") == "up" && m.Tag("strata.migration.outcome") == "success" && m.Value > 0);
        Assert.Contains(steps, m => m.Tag("strata.migration.direction") == "down" && m.Tag("strata.migration.outcome") == "success");
        Assert.Contains(steps, m => m.Tag("strata.migration.direction") == "up" && m.Tag("strata.migration.outcome") == "failure");
    }
}
