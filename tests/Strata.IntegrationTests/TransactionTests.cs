using System.Data;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>Transactions: commit and rollback, savepoints, the ambient transaction, isolation, read-only and row locks.</summary>
public class TransactionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory, AllDatabases]
    public async Task TransactionAsync_commits_when_the_delegate_returns_and_rolls_back_when_it_throws(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_run");
        try
        {
            var result = await database.TransactionAsync(async tx =>
            {
                await Insert(tx, table, 1);
                return 42;
            });
            Assert.Equal(42, result);

            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(async tx =>
            {
                await Insert(tx, table, 2);
                throw new InvalidOperationException("changed my mind");
            }));
            Assert.Equal("changed my mind", thrown.Message);

            // A database error rolls back everything the delegate did before it.
            await Assert.ThrowsAsync<UniqueViolationException>(() => database.TransactionAsync(async tx =>
            {
                await Insert(tx, table, 3);
                await Insert(tx, table, 1);
            }));

            Assert.Equal([1L], await IdsAsync(database, table));
            Assert.Null(database.CurrentTransaction);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, ServerDatabases]
    public async Task A_connection_killed_inside_a_transaction_surfaces_the_failure_not_the_rollback(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var kill = Sql.Raw(db == Db.Postgres ? "SELECT pg_terminate_backend(pg_backend_pid())" : "KILL CONNECTION_ID()");

        var e = await Assert.ThrowsAnyAsync<DatabaseException>(() => database.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync(kill);
            await tx.ScalarAsync<int>($"SELECT 1");
        }));

        Assert.IsType<ConnectionFailureException>(e);
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT 1"));
    }

    [Theory, AllDatabases]
    public async Task Begun_transaction_commits_rolls_back_or_rolls_back_when_disposed_uncommitted(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_begin");
        try
        {
            await using (var tx = await database.BeginTransactionAsync())
            {
                await Insert(tx, table, 1);
                Assert.Equal(TransactionState.Active, tx.State);
                Assert.Null(tx.Parent);
                Assert.Null(database.CurrentTransaction); // a begun transaction is not ambient
                await tx.CommitAsync();
                Assert.Equal(TransactionState.Committed, tx.State);
                Assert.False(tx.IsActive);
                await Assert.ThrowsAsync<InvalidOperationException>(() => Insert(tx, table, 9));
                await Assert.ThrowsAsync<InvalidOperationException>(() => tx.CommitAsync());
            }

            await using (var tx = await database.BeginTransactionAsync())
            {
                await Insert(tx, table, 2);
                Assert.Equal([1L, 2L], await IdsAsync(tx, table));
                await tx.RollbackAsync();
                Assert.Equal(TransactionState.RolledBack, tx.State);
            }

            var abandoned = await database.BeginTransactionAsync();
            await using (abandoned)
            {
                await Insert(abandoned, table, 3);
            }
            Assert.Equal(TransactionState.RolledBack, abandoned.State);

            Assert.Equal([1L], await IdsAsync(database, table));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Nested_TransactionAsync_is_a_savepoint_whose_failure_undoes_only_its_own_work(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_nest");
        try
        {
            await database.TransactionAsync(async outer =>
            {
                await Insert(outer, table, 1);

                // A database error inside the savepoint (on PostgreSQL it also aborts the transaction
                // until the savepoint is rolled back).
                await Assert.ThrowsAsync<UniqueViolationException>(() => outer.TransactionAsync(async inner =>
                {
                    Assert.Same(outer, inner.Parent);
                    await Insert(inner, table, 2);
                    await Insert(inner, table, 1);
                }));

                // Through the database: joins the ambient transaction as a savepoint too.
                await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(async inner =>
                {
                    Assert.Same(outer, inner.Parent);
                    await Insert(database, table, 3);
                    throw new InvalidOperationException("undo the savepoint only");
                }));

                await outer.TransactionAsync(inner => Insert(inner, table, 4));
                await Insert(outer, table, 5);
                Assert.Equal([1L, 4L, 5L], await IdsAsync(outer, table));
            });

            Assert.Equal([1L, 4L, 5L], await IdsAsync(database, table));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Nested_BeginTransactionAsync_savepoints_commit_roll_back_and_roll_back_when_disposed(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_sp");
        try
        {
            await using (var outer = await database.BeginTransactionAsync())
            {
                await Insert(outer, table, 1);

                await using (var kept = await outer.BeginTransactionAsync())
                {
                    Assert.Same(outer, kept.Parent);
                    await Insert(kept, table, 2);
                    await using (var deeper = await kept.BeginTransactionAsync())
                    {
                        Assert.Same(kept, deeper.Parent);
                        await Insert(deeper, table, 3);
                        await deeper.CommitAsync();
                    }
                    await kept.CommitAsync();
                    Assert.Equal(TransactionState.Committed, kept.State);
                }

                await using (var undone = await outer.BeginTransactionAsync())
                {
                    await Insert(undone, table, 4);
                    await undone.RollbackAsync();
                    Assert.Equal(TransactionState.RolledBack, undone.State);
                }

                var dropped = await outer.BeginTransactionAsync();
                await using (dropped)
                {
                    await Insert(dropped, table, 5);
                }
                Assert.Equal(TransactionState.RolledBack, dropped.State);

                Assert.True(outer.IsActive);
                await Insert(outer, table, 6);
                Assert.Equal([1L, 2L, 3L, 6L], await IdsAsync(outer, table));
                await outer.CommitAsync();
            }

            Assert.Equal([1L, 2L, 3L, 6L], await IdsAsync(database, table));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Work_through_the_database_inside_TransactionAsync_joins_the_transaction(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_amb");
        try
        {
            Assert.Null(database.CurrentTransaction);

            await Assert.ThrowsAsync<InvalidOperationException>(() => database.TransactionAsync(async tx =>
            {
                Assert.Same(tx, database.CurrentTransaction);
                await Insert(database, table, 1);
                Assert.Equal([1L], await IdsAsync(tx, table)); // the same connection and transaction

                // Code that does not flow this context runs outside: no current transaction, and the
                // uncommitted row is not visible from another connection.
                Task<(bool HasTransaction, IReadOnlyList<long> Ids)> outside;
                using (ExecutionContext.SuppressFlow())
                {
                    outside = Task.Run(async () => (database.CurrentTransaction is not null, await IdsAsync(database, table)));
                }
                var seen = await outside.WaitAsync(Patience);
                Assert.False(seen.HasTransaction);
                Assert.Empty(seen.Ids);

                throw new InvalidOperationException("roll it all back");
            }));

            Assert.Null(database.CurrentTransaction);
            Assert.Empty(await IdsAsync(database, table));

            await database.TransactionAsync(async tx =>
            {
                await Insert(database, table, 2);
                await Insert(tx, table, 3);
            });
            Assert.Null(database.CurrentTransaction);
            Assert.Equal([2L, 3L], await IdsAsync(database, table));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    /// <summary>
    /// The requested level shows in what a transaction sees after another connection commits a
    /// change to a row it has read. PostgreSQL also reports its level by name. MariaDB's
    /// <c>@@tx_isolation</c> shows the session default, not the level of the running transaction, so
    /// it is observed by behaviour only; its SERIALIZABLE locks what it reads. SQLite is always
    /// serializable, whatever is asked.
    /// </summary>
    [Theory, AllDatabases]
    public async Task Isolation_levels_map_to_the_database(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_iso");
        await Insert(database, table, 1);
        try
        {
            if (db == Db.Postgres)
            {
                foreach (var (level, name) in new[]
                {
                    (IsolationLevel.Unspecified, "read committed"),
                    (IsolationLevel.ReadUncommitted, "read uncommitted"),
                    (IsolationLevel.ReadCommitted, "read committed"),
                    (IsolationLevel.RepeatableRead, "repeatable read"),
                    (IsolationLevel.Serializable, "serializable"),
                })
                {
                    var shown = await database.TransactionAsync(tx => tx.ScalarAsync<string>($"SHOW transaction_isolation"), new TransactionOptions { Isolation = level });
                    Assert.Equal(name, shown);
                }
            }

            var readCommitted = await ReadAroundCommittedWriteAsync(IsolationLevel.ReadCommitted);
            var repeatable = await ReadAroundCommittedWriteAsync(IsolationLevel.RepeatableRead);
            Assert.Equal(repeatable.First, repeatable.Second);
            if (db == Db.Sqlite)
                Assert.Equal(readCommitted.First, readCommitted.Second);
            else
                Assert.Equal(readCommitted.First + 1, readCommitted.Second);

            if (db == Db.MariaDb)
            {
                await using var reader = await database.BeginTransactionAsync(new TransactionOptions { Isolation = IsolationLevel.Serializable });
                await reader.QueryAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1}");
                var blocked = await Assert.ThrowsAsync<LockTimeoutException>(() => database.TransactionAsync(async writer =>
                {
                    await writer.ExecuteAsync($"SET SESSION innodb_lock_wait_timeout = 1");
                    await writer.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET version = version + 1 WHERE id = {1}");
                }).WaitAsync(Patience));
                Assert.Equal(1205, blocked.ErrorNumber);
            }
            else
            {
                var serializable = await ReadAroundCommittedWriteAsync(IsolationLevel.Serializable);
                Assert.Equal(serializable.First, serializable.Second);
            }
        }
        finally
        {
            await DropAsync(database, table);
        }

        async Task<(long First, long Second)> ReadAroundCommittedWriteAsync(IsolationLevel level)
        {
            // SQLite: deferred, so the reader holds no write lock and the other connection can commit.
            var options = new TransactionOptions { Isolation = level, Mode = db == Db.Sqlite ? TransactionMode.Deferred : null };
            await using var reader = await database.BeginTransactionAsync(options);
            var first = await reader.ScalarAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1}");
            await database.WithCommandTimeout(TimeSpan.FromSeconds(5))
                .ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET version = version + 1 WHERE id = {1}");
            var second = await reader.ScalarAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1}");
            await reader.CommitAsync();
            return (first, second);
        }
    }

    /// <summary>PostgreSQL and MariaDB refuse writes in a read-only transaction; SQLite starts it deferred, so it blocks no writer.</summary>
    [Theory, AllDatabases]
    public async Task Read_only_transaction_reads_and_refuses_writes_where_the_database_enforces_it(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_ro");
        await Insert(database, table, 1);
        try
        {
            var readOnly = new TransactionOptions { ReadOnly = true };
            await using (var tx = await database.BeginTransactionAsync(readOnly))
            {
                Assert.Equal([1L], await IdsAsync(tx, table));
                if (db == Db.Sqlite)
                {
                    await database.WithCommandTimeout(TimeSpan.FromSeconds(2)).ExecuteAsync(
                        $"INSERT INTO {Sql.Identifier(table)} (id, name, version) VALUES ({2}, {"outside"}, {0})");
                }
                else
                {
                    var refused = await Assert.ThrowsAsync<DatabaseException>(() => Insert(tx, table, 2));
                    if (db == Db.Postgres) Assert.Equal("25006", refused.SqlState);
                    else Assert.Equal(1792, refused.ErrorNumber);
                    Assert.False(refused.IsTransient);
                    Assert.StartsWith("INSERT INTO", refused.Sql);
                }
            }

            if (db != Db.Sqlite)
            {
                await Assert.ThrowsAsync<DatabaseException>(() => database.TransactionAsync(tx => Insert(tx, table, 3), readOnly));
                Assert.Equal([1L], await IdsAsync(database, table));
            }
            else
            {
                Assert.Equal([1L, 2L], await IdsAsync(database, table));
            }
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    /// <summary>
    /// A row locked with raw <c>SELECT … FOR UPDATE</c> cannot be locked by another transaction
    /// (<c>NOWAIT</c> fails at once). SQLite has no FOR UPDATE: its read-write transactions take the
    /// database's write lock when they begin, so there a second writer is refused instead.
    /// </summary>
    [Theory, AllDatabases]
    public async Task Select_for_update_locks_the_row_until_the_transaction_ends(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db, "tx_lock");
        await Insert(database, table, 1);
        try
        {
            var forUpdate = Sql.Raw(db == Db.Sqlite ? "" : " FOR UPDATE");
            await using (var holder = await database.BeginTransactionAsync())
            {
                var locked = await holder.QuerySingleAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1}{forUpdate}");
                Assert.Equal(0, locked);

                LockTimeoutException refused;
                if (db == Db.Sqlite)
                {
                    refused = await Assert.ThrowsAsync<LockTimeoutException>(() => Task.Run(() => database.WithCommandTimeout(TimeSpan.FromSeconds(1))
                        .ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET version = version + 10 WHERE id = {1}")).WaitAsync(Patience));
                }
                else
                {
                    refused = await Assert.ThrowsAsync<LockTimeoutException>(() => database.TransactionAsync(other =>
                        other.QueryAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1} FOR UPDATE NOWAIT")).WaitAsync(Patience));
                    if (db == Db.Postgres) Assert.Equal("55P03", refused.SqlState);
                    else Assert.Equal(1205, refused.ErrorNumber);
                }
                Assert.True(refused.IsTransient);

                await holder.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET version = version + 1 WHERE id = {1}");
                await holder.CommitAsync();
            }

            // Once the holder committed, the lock is free and its change visible.
            var after = await database.TransactionAsync(tx =>
                tx.QuerySingleAsync<long>($"SELECT version FROM {Sql.Identifier(table)} WHERE id = {1}{forUpdate}"));
            Assert.Equal(1, after);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    private static async Task<string> CreateItemsAsync(Database database, Db db, string prefix)
    {
        var table = TestDatabase.Table(prefix);
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL, version {Sql.Raw(Types.BigInt(db))} NOT NULL)");
        return table;
    }

    private static Task<ExecuteResult> Insert(IDbSession session, string table, int id) =>
        session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name, version) VALUES ({id}, {"item " + id}, {0})");

    private static Task<IReadOnlyList<long>> IdsAsync(IDbSession session, string table) =>
        session.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id");

    private static Task<ExecuteResult> DropAsync(Database database, string table) =>
        database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
}
