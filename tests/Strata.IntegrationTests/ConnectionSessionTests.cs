using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>A session pinned to one connection keeps session state, hosts transactions on that connection, and gives it back when disposed.</summary>
public class ConnectionSessionTests
{
    [Theory, AllDatabases]
    public async Task Session_state_lasts_from_one_command_to_the_next(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var temp = TestDatabase.Table("cs_temp");

        await using (var session = await scope.Db.OpenSessionAsync())
        {
            await session.ExecuteAsync($"CREATE TEMPORARY TABLE {Sql.Identifier(temp)} (n INTEGER)");
            await session.ExecuteAsync($"INSERT INTO {Sql.Identifier(temp)} (n) VALUES ({41}), ({1})");
            Assert.Equal(42, await session.ScalarAsync<int>($"SELECT SUM(n) FROM {Sql.Identifier(temp)}"));
            Assert.Null(session.CurrentTransaction);
            Assert.Same(scope.Db, session.Database);
        }
    }

    [Theory, AllDatabases]
    public async Task The_connection_counts_as_busy_until_the_session_is_disposed(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var before = scope.Db.GetPoolStatistics().Busy;

        var session = await scope.Db.OpenSessionAsync();
        Assert.Equal(before + 1, scope.Db.GetPoolStatistics().Busy);
        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.Equal(before, scope.Db.GetPoolStatistics().Busy);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.ScalarAsync<int>($"SELECT 1"));
    }

    [Theory, AllDatabases]
    public async Task A_transaction_on_the_session_uses_its_connection_and_its_commands_join_it(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("cs_tx");
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (n INTEGER)");
        var temp = TestDatabase.Table("cs_temp");

        await using (var session = await scope.Db.OpenSessionAsync())
        {
            await session.ExecuteAsync($"CREATE TEMPORARY TABLE {Sql.Identifier(temp)} (n INTEGER)");
            await using (var tx = await session.BeginTransactionAsync())
            {
                Assert.Same(tx, session.CurrentTransaction);
                await session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (n) VALUES ({1})");
                // The temporary table is visible: the transaction runs on the session's own connection.
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(temp)} (n) VALUES ({2})");
                await tx.RollbackAsync();
            }
            Assert.Equal(0, await session.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));

            await session.TransactionAsync(async tx =>
            {
                await scope.Db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (n) VALUES ({3})");
                await tx.TransactionAsync(async inner => await inner.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (n) VALUES ({4})"));
            });
            Assert.Null(session.CurrentTransaction);
            Assert.Equal(0, await session.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(temp)}"));
        }

        Assert.Equal([3, 4], await scope.Db.QueryAsync<int>($"SELECT n FROM {Sql.Identifier(table)} ORDER BY n"));
    }

    [Theory, AllDatabases]
    public async Task Disposing_the_session_rolls_back_an_open_transaction(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("cs_dispose");
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (n INTEGER)");
        var before = scope.Db.GetPoolStatistics().Busy;

        var session = await scope.Db.OpenSessionAsync();
        var tx = await session.BeginTransactionAsync();
        await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (n) VALUES ({1})");
        await session.DisposeAsync();

        Assert.Equal(TransactionState.RolledBack, tx.State);
        Assert.Equal(before, scope.Db.GetPoolStatistics().Busy);
        Assert.Equal(0, await scope.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }
}
