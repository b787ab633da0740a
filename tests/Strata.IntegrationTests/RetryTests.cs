using System.Data;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// <see cref="TransactionOptions.Retries"/>: transient failures re-run the whole delegate, other
/// failures surface at once, and a commit whose outcome is unknown is never blindly repeated.
/// </summary>
public class RetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// PostgreSQL and MariaDB: two transactions update two rows in opposite order, and the deadlock
    /// victim is run again. SQLite: two deferred transactions read and then write, and the one whose
    /// snapshot went stale is run again.
    /// </summary>
    [Theory, AllDatabases]
    public async Task Deadlocked_transactions_are_retried_until_both_succeed(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "retry_dl");
        try
        {
            var attempts = await CrossedUpdates.RunAsync(database, db, table);

            Assert.Equal([1, 2], attempts.Order());
            Assert.Equal([102L, 102L], await BalancesAsync(database, table));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    /// <summary>
    /// Write skew: each transaction withdraws 150 from its own row only if both rows together hold at
    /// least 150. Run serially, the second sees 50 and withdraws nothing. PostgreSQL detects the skew
    /// (40001), MariaDB's SERIALIZABLE turns it into a deadlock, SQLite into a stale snapshot; in each
    /// case the loser is run again and the invariant holds.
    /// </summary>
    [Theory, AllDatabases]
    public async Task Serialization_failures_are_retried_and_the_invariant_holds(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "retry_sf");
        try
        {
            var attempts = new int[2];
            var bothRead = new Rendezvous(2);
            var options = new TransactionOptions
            {
                Isolation = IsolationLevel.Serializable,
                Mode = db == Db.Sqlite ? TransactionMode.Deferred : null,
                Retries = 5,
            };

            Task<bool> Worker(int index, int id) => database.TransactionAsync(async tx =>
            {
                var attempt = Interlocked.Increment(ref attempts[index]);
                var total = await tx.ScalarAsync<long>($"SELECT sum(balance) FROM {Sql.Identifier(table)}");
                if (attempt == 1) await bothRead.ArriveAndWaitAsync();
                if (total < 150) return false;
                await AddAsync(tx, table, id, -150);
                return true;
            }, options);

            var withdrew = await Task.WhenAll(Task.Run(() => Worker(0, 1)), Task.Run(() => Worker(1, 2))).WaitAsync(Patience);

            Assert.Equal([1, 2], attempts.Order());
            Assert.Single(withdrew, w => w);
            // The one that ran twice saw the other's withdrawal and refused.
            Assert.False(withdrew[Array.IndexOf(attempts, 2)]);
            Assert.Equal(50, (await BalancesAsync(database, table)).Sum());
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Non_transient_errors_are_not_retried(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "retry_nt");
        try
        {
            var attempts = 0;
            var e = await Assert.ThrowsAsync<UniqueViolationException>(() => database.TransactionAsync(async tx =>
            {
                Interlocked.Increment(ref attempts);
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, balance) VALUES ({3}, {0})");
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, balance) VALUES ({1}, {0})");
            }, new TransactionOptions { Retries = 5 }));

            Assert.False(e.IsTransient);
            Assert.Equal(1, attempts);
            Assert.Equal([100L, 100L], await BalancesAsync(database, table));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    /// <summary>
    /// The server ends the transaction's own connection (pg_terminate_backend, KILL) from another
    /// connection just before COMMIT, so the COMMIT meets a lost connection. Strata cannot know whether
    /// the work committed: without <see cref="TransactionOptions.VerifyCommit"/> it raises
    /// <see cref="CommitOutcomeUnknownException"/> and does not retry; with it, the callback decides.
    /// SQLite is embedded: there is no connection to lose.
    /// </summary>
    [Theory, ServerDatabases]
    public async Task Lost_connection_at_commit_is_settled_by_VerifyCommit_or_reported_as_unknown(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "retry_cu");
        try
        {
            // No VerifyCommit: the outcome is unknown, and even with retries on nothing runs again.
            var attempts = 0;
            var unknown = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => database.TransactionAsync(async tx =>
            {
                Interlocked.Increment(ref attempts);
                await AddAsync(tx, table, 1, 5);
                await KillOwnConnectionAsync(database, db, tx);
            }, new TransactionOptions { Retries = 5 }).WaitAsync(Patience));
            Assert.Equal(1, attempts);
            Assert.False(unknown.IsTransient);
            Assert.Equal("COMMIT", unknown.Sql);
            Assert.Equal(DialectName(db), unknown.Dialect);
            Assert.IsType<ConnectionFailureException>(unknown.InnerException);

            // VerifyCommit finds the work missing: the failure is transient, so the delegate runs again.
            attempts = 0;
            var verified = 0;
            var options = new TransactionOptions
            {
                Retries = 5,
                VerifyCommit = async (owner, ct) =>
                {
                    Interlocked.Increment(ref verified);
                    return await owner.ScalarAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} WHERE id = {1}", ct) == 105;
                },
            };
            await database.TransactionAsync(async tx =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    await AddAsync(tx, table, 1, 5);
                    await KillOwnConnectionAsync(database, db, tx);
                }
                else
                {
                    await AddAsync(tx, table, 1, 5);
                }
            }, options).WaitAsync(Patience);
            Assert.Equal(2, attempts);
            Assert.Equal(1, verified);
            Assert.Equal([105L, 100L], await BalancesAsync(database, table));

            // VerifyCommit answers that the work is there: Strata trusts it, returns normally and does
            // not run the delegate again. (Here the answer is given without looking.)
            attempts = 0;
            Transaction? seen = null;
            var result = await database.TransactionAsync(async tx =>
            {
                Interlocked.Increment(ref attempts);
                seen = tx;
                await AddAsync(tx, table, 2, 7);
                await KillOwnConnectionAsync(database, db, tx);
                return "done";
            }, new TransactionOptions { Retries = 5, VerifyCommit = (_, _) => Task.FromResult(true) }).WaitAsync(Patience);
            Assert.Equal("done", result);
            Assert.Equal(1, attempts);
            Assert.Equal(TransactionState.Committed, seen!.State);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    /// <summary>Ends the connection behind <paramref name="tx"/> from another connection, and waits until it is gone.</summary>
    private static async Task KillOwnConnectionAsync(Database database, Db db, Transaction tx)
    {
        var id = await tx.ScalarAsync<long>(db == Db.Postgres ? (Sql)$"SELECT pg_backend_pid()" : (Sql)$"SELECT CONNECTION_ID()");
        // The killer must not join the ambient transaction: run it where this context does not flow.
        Task kill;
        using (ExecutionContext.SuppressFlow())
        {
            kill = Task.Run(async () =>
            {
                if (db == Db.Postgres)
                {
                    Assert.True(await database.ScalarAsync<bool>($"SELECT pg_terminate_backend({(int)id}, 10000)"));
                    return;
                }
                await database.ExecuteAsync($"KILL CONNECTION {id}");
                for (var i = 0; i < 200; i++)
                {
                    var alive = await database.ScalarAsync<long>($"SELECT count(*) FROM information_schema.processlist WHERE id = {id}");
                    if (alive == 0) return;
                    await Task.Delay(25);
                }
                Assert.Fail($"Connection {id} was still alive after KILL.");
            });
        }
        await kill.WaitAsync(Patience);
    }

    private static async Task<string> CreateAccountsAsync(Database database, Db db, string prefix)
    {
        var table = TestDatabase.Table(prefix);
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, balance {Sql.Raw(Types.BigInt(db))} NOT NULL)");
        await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, balance) VALUES ({1}, {100}), ({2}, {100})");
        return table;
    }

    private static Task<ExecuteResult> AddAsync(Transaction session, string table, int id, int amount) =>
        session.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {amount} WHERE id = {id}");

    private static Task<IReadOnlyList<long>> BalancesAsync(Database session, string table) =>
        session.QueryAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} ORDER BY id");

    private static string DialectName(Db db) => db switch
    {
        Db.Sqlite => "sqlite",
        Db.Postgres => "postgresql",
        _ => "mariadb",
    };
}
