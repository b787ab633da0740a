using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// <c>db.ClearPoolAsync()</c> on every database: with a pool of one connection, the server's id for the connection (SQLite: a
/// temporary table, which lives as long as its connection) stays the same from one command to the next until the pool is cleared.
/// </summary>
public class PoolClearingTests
{
    [Theory, AllDatabases]
    public async Task Clearing_the_pool_makes_the_next_command_use_a_new_connection(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.MaxPoolSize = 1);

        var first = await ConnectionAsync(database, db);
        Assert.Equal(first, await ConnectionAsync(database, db));
        await database.ClearPoolAsync();
        await database.ClearPoolAsync();
        var second = await ConnectionAsync(database, db);

        Assert.NotEqual(first, second);
        Assert.Equal(second, await ConnectionAsync(database, db));
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT 1"));
    }

    [Theory, AllDatabases]
    public async Task A_connection_busy_while_the_pool_is_cleared_finishes_its_work_and_is_not_reused(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.MaxPoolSize = 1);
        var table = TestDatabase.Table("pool_clear");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.Int(db))} NOT NULL)");
        try
        {
            string? during = null;
            await database.TransactionAsync(async tx =>
            {
                during = await ConnectionAsync(tx, db);
                await database.ClearPoolAsync();
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id) VALUES ({1})");
                Assert.Equal(during, await ConnectionAsync(tx, db));
            });

            Assert.Equal(1, await database.From(table).CountAsync());
            Assert.NotEqual(during, await ConnectionAsync(database, db));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Fact]
    public async Task A_disposed_database_refuses_to_clear_its_pool()
    {
        var database = await TestDatabase.OpenAsync(Db.Sqlite);
        await database.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.ClearPoolAsync());
    }

    /// <summary>
    /// What identifies the connection a command ran on: the server's process or thread id, or for SQLite whether the connection
    /// carries the temporary table this creates on first use (so a new connection answers differently from the marked one).
    /// </summary>
    internal static async Task<string> ConnectionAsync(IDbSession session, Db db)
    {
        switch (db)
        {
            case Db.Postgres:
                return "pid " + await session.ScalarAsync<int>($"SELECT pg_backend_pid()");
            case Db.MariaDb:
                return "thread " + await session.ScalarAsync<long>($"SELECT CONNECTION_ID()");
            default:
                var marks = await session.ScalarAsync<long>($"SELECT COUNT(*) FROM sqlite_temp_master WHERE name = 'strata_connection_mark'");
                if (marks > 0) return "marked " + await session.ScalarAsync<string>($"SELECT v FROM temp.strata_connection_mark");
                var mark = Guid.NewGuid().ToString("N");
                await session.ExecuteAsync($"CREATE TEMP TABLE strata_connection_mark (v TEXT)");
                await session.ExecuteAsync($"INSERT INTO temp.strata_connection_mark (v) VALUES ({mark})");
                return "marked " + mark;
        }
    }
}
