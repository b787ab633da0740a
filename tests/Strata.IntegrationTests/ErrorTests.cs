using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// Each typed error provoked for real: the exception type, what the driver reported, whether it is
/// transient, the SQL text, and that neither parameter values nor passwords leak into it.
/// </summary>
public class ErrorTests
{
    private const string Password = "S3cretPassw0rd!";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory, AllDatabases]
    public async Task Duplicate_key_raises_UniqueViolationException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("err_uq");
        var constraint = table + "_email";
        const string email = "leaked-value-7f3a@example.com";
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, email {Sql.Raw(Types.Text(db))} NOT NULL, CONSTRAINT {Sql.Identifier(constraint)} UNIQUE (email))");
        try
        {
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, email) VALUES ({1}, {email})");
            var e = await Assert.ThrowsAsync<UniqueViolationException>(() =>
                database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, email) VALUES ({2}, {email})"));

            AssertCommon(e, db, transient: false, sqlStart: "INSERT INTO", email);
            switch (db)
            {
                case Db.Sqlite:
                    Assert.Equal(2067, e.ErrorNumber); // SQLITE_CONSTRAINT_UNIQUE
                    Assert.Equal(table, e.Table);
                    Assert.Equal("email", e.Column);
                    Assert.Equal($"{table}.email", e.Constraint); // SQLite names the column, not the constraint
                    break;
                case Db.Postgres:
                    Assert.Equal("23505", e.SqlState);
                    Assert.Equal(constraint, e.Constraint);
                    Assert.Equal(table, e.Table);
                    break;
                default:
                    Assert.Equal(1062, e.ErrorNumber);
                    Assert.Equal("23000", e.SqlState);
                    Assert.Equal(constraint, e.Constraint);
                    break;
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Missing_parent_and_referenced_parent_raise_ForeignKeyViolationException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var parent = TestDatabase.Table("err_fkp");
        var child = TestDatabase.Table("err_fkc");
        var constraint = child + "_parent";
        const int missingParent = 987654;
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(parent)} (id INTEGER PRIMARY KEY)");
        try
        {
            await database.ExecuteAsync($"""
                CREATE TABLE {Sql.Identifier(child)} (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL,
                CONSTRAINT {Sql.Identifier(constraint)} FOREIGN KEY (parent_id) REFERENCES {Sql.Identifier(parent)} (id))
                """);
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(parent)} (id) VALUES ({1})");
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(child)} (id, parent_id) VALUES ({1}, {1})");

            var orphan = await Assert.ThrowsAsync<ForeignKeyViolationException>(() =>
                database.ExecuteAsync($"INSERT INTO {Sql.Identifier(child)} (id, parent_id) VALUES ({2}, {missingParent})"));
            AssertCommon(orphan, db, transient: false, sqlStart: "INSERT INTO", missingParent.ToString());

            var referenced = await Assert.ThrowsAsync<ForeignKeyViolationException>(() =>
                database.ExecuteAsync($"DELETE FROM {Sql.Identifier(parent)} WHERE id = {1}"));
            AssertCommon(referenced, db, transient: false, sqlStart: "DELETE FROM");

            switch (db)
            {
                case Db.Sqlite:
                    Assert.Equal(787, orphan.ErrorNumber); // SQLITE_CONSTRAINT_FOREIGNKEY: SQLite names neither table nor constraint
                    Assert.Equal(787, referenced.ErrorNumber);
                    break;
                case Db.Postgres:
                    Assert.Equal("23503", orphan.SqlState);
                    Assert.Equal(constraint, orphan.Constraint);
                    Assert.Equal(child, orphan.Table);
                    Assert.Equal("23503", referenced.SqlState);
                    Assert.Equal(constraint, referenced.Constraint);
                    break;
                default:
                    Assert.Equal(1452, orphan.ErrorNumber);
                    Assert.Equal(constraint, orphan.Constraint);
                    Assert.Equal(child, orphan.Table);
                    Assert.Equal(1451, referenced.ErrorNumber);
                    Assert.Equal(constraint, referenced.Constraint);
                    Assert.Equal(child, referenced.Table);
                    break;
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(child)}");
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(parent)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Null_in_not_null_column_raises_NotNullViolationException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("err_nn");
        const string note = "leaked-note-51c2";
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL, note {Sql.Raw(Types.Text(db))})");
        try
        {
            var e = await Assert.ThrowsAsync<NotNullViolationException>(() =>
                database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name, note) VALUES ({1}, {(string?)null}, {note})"));

            AssertCommon(e, db, transient: false, sqlStart: "INSERT INTO", note);
            Assert.Equal("name", e.Column);
            switch (db)
            {
                case Db.Sqlite:
                    Assert.Equal(1299, e.ErrorNumber); // SQLITE_CONSTRAINT_NOTNULL
                    Assert.Equal(table, e.Table);
                    break;
                case Db.Postgres:
                    Assert.Equal("23502", e.SqlState);
                    Assert.Equal(table, e.Table);
                    break;
                default:
                    Assert.Equal(1048, e.ErrorNumber);
                    Assert.Equal("23000", e.SqlState);
                    break;
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Failed_check_raises_CheckViolationException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("err_ck");
        var constraint = table + "_positive";
        const int amount = -424242;
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, CONSTRAINT {Sql.Identifier(constraint)} CHECK (amount > 0))");
        try
        {
            var e = await Assert.ThrowsAsync<CheckViolationException>(() =>
                database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, amount) VALUES ({1}, {amount})"));

            AssertCommon(e, db, transient: false, sqlStart: "INSERT INTO", amount.ToString());
            Assert.Equal(constraint, e.Constraint);
            switch (db)
            {
                case Db.Sqlite:
                    Assert.Equal(275, e.ErrorNumber); // SQLITE_CONSTRAINT_CHECK
                    break;
                case Db.Postgres:
                    Assert.Equal("23514", e.SqlState);
                    Assert.Equal(table, e.Table);
                    break;
                default:
                    Assert.Equal(4025, e.ErrorNumber); // MariaDB's ER_CONSTRAINT_FAILED
                    break;
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    /// <summary>
    /// PostgreSQL and MariaDB: two transactions lock two rows in opposite order. SQLite cannot
    /// deadlock; its analogue is two deferred transactions that both read and then both write, where
    /// the later writer's snapshot is stale (SQLITE_BUSY_SNAPSHOT), reported at once.
    /// </summary>
    [Theory, AllDatabases]
    public async Task Opposite_lock_order_raises_DeadlockException_or_on_sqlite_a_stale_snapshot(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "err_dl", 2);
        try
        {
            const int secretAmount = 7331;
            var bothLocked = new Rendezvous(2);
            var options = db == Db.Sqlite ? new TransactionOptions { Mode = TransactionMode.Deferred } : null;

            async Task<(DatabaseException? Error, TimeSpan Elapsed)> Worker(int first, int second)
            {
                await using var tx = await database.BeginTransactionAsync(options);
                if (db == Db.Sqlite)
                    await tx.ScalarAsync<long>($"SELECT sum(balance) FROM {Sql.Identifier(table)}");
                else
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {secretAmount} WHERE id = {first}");
                await bothLocked.ArriveAndWaitAsync();
                var clock = Stopwatch.StartNew();
                try
                {
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {secretAmount} WHERE id = {second}");
                    await tx.CommitAsync();
                    return (null, clock.Elapsed);
                }
                catch (DatabaseException e)
                {
                    return (e, clock.Elapsed);
                }
            }

            var results = await Task.WhenAll(Task.Run(() => Worker(1, 2)), Task.Run(() => Worker(2, 1))).WaitAsync(Patience);

            var failure = Assert.Single(results, r => r.Error is not null);
            Assert.Single(results, r => r.Error is null);
            var e = failure.Error!;
            if (db == Db.Sqlite)
            {
                var stale = Assert.IsType<SerializationFailureException>(e);
                AssertCommon(stale, db, transient: true, sqlStart: "UPDATE", secretAmount.ToString());
                Assert.Equal(517, stale.ErrorNumber); // SQLITE_BUSY_SNAPSHOT
                // The busy timeout is 30 s; a stale snapshot must be reported without waiting it out.
                Assert.True(failure.Elapsed < TimeSpan.FromSeconds(10), $"The stale snapshot took {failure.Elapsed} to report.");
            }
            else
            {
                var deadlock = Assert.IsType<DeadlockException>(e);
                AssertCommon(deadlock, db, transient: true, sqlStart: "UPDATE", secretAmount.ToString());
                if (db == Db.Postgres)
                {
                    Assert.Equal("40P01", deadlock.SqlState);
                }
                else
                {
                    Assert.Equal(1213, deadlock.ErrorNumber);
                    Assert.Equal("40001", deadlock.SqlState);
                }
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    /// <summary>
    /// Write skew: two transactions each read both rows and then change a different one. PostgreSQL's
    /// SERIALIZABLE reports 40001; SQLite's deferred transactions report a stale snapshot. MariaDB's
    /// SERIALIZABLE makes plain reads take shared locks, so the two writers deadlock instead (1213).
    /// </summary>
    [Theory, AllDatabases]
    public async Task Serializable_write_skew_raises_SerializationFailureException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "err_sf", 2);
        try
        {
            const int secretAmount = 150;
            var bothRead = new Rendezvous(2);
            // PostgreSQL: both writes land before either commits, so the conflict shows at COMMIT. (SQLite's
            // second writer waits for the first to commit, so it must not wait for the other here.)
            var bothWrote = db == Db.Postgres ? new Rendezvous(2) : null;
            var options = new TransactionOptions
            {
                Isolation = System.Data.IsolationLevel.Serializable,
                Mode = db == Db.Sqlite ? TransactionMode.Deferred : null,
            };

            async Task<DatabaseException?> Worker(int id)
            {
                await using var tx = await database.BeginTransactionAsync(options);
                try
                {
                    var total = await tx.ScalarAsync<long>($"SELECT sum(balance) FROM {Sql.Identifier(table)}");
                    Assert.Equal(200, total);
                    await bothRead.ArriveAndWaitAsync();
                    DatabaseException? writeError = null;
                    try
                    {
                        await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance - {secretAmount} WHERE id = {id}");
                    }
                    catch (DatabaseException e)
                    {
                        writeError = e;
                    }
                    var wrote = bothWrote?.ArriveAndWaitAsync() ?? Task.CompletedTask;
                    if (writeError is not null) return writeError;
                    await wrote;
                    await tx.CommitAsync();
                    return null;
                }
                catch (DatabaseException e)
                {
                    return e;
                }
            }

            var results = await Task.WhenAll(Task.Run(() => Worker(1)), Task.Run(() => Worker(2))).WaitAsync(Patience);

            var e = Assert.Single(results, r => r is not null)!;
            Assert.Single(results, r => r is null);
            switch (db)
            {
                case Db.Sqlite:
                    var stale = Assert.IsType<SerializationFailureException>(e);
                    AssertCommon(stale, db, transient: true, sqlStart: "UPDATE", secretAmount.ToString());
                    Assert.Equal(517, stale.ErrorNumber);
                    break;
                case Db.Postgres:
                    var failure = Assert.IsType<SerializationFailureException>(e);
                    // Both writes went through; the second COMMIT finds the cycle.
                    AssertCommon(failure, db, transient: true, sqlStart: "COMMIT", secretAmount.ToString());
                    Assert.Equal("40001", failure.SqlState);
                    break;
                default:
                    var deadlock = Assert.IsType<DeadlockException>(e);
                    AssertCommon(deadlock, db, transient: true, sqlStart: "UPDATE", secretAmount.ToString());
                    Assert.Equal(1213, deadlock.ErrorNumber);
                    break;
            }
            var balances = await database.QueryAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} ORDER BY id");
            Assert.Equal(50, balances.Sum());
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Waiting_too_long_for_a_row_lock_raises_LockTimeoutException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "err_lt", 1);
        try
        {
            const int secretAmount = 8642;
            await using var holder = await database.BeginTransactionAsync();
            await holder.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + 1 WHERE id = {1}");

            var clock = Stopwatch.StartNew();
            LockTimeoutException e;
            if (db == Db.Sqlite)
            {
                // The database default is 30 s; this command's own timeout must bound its wait for the lock.
                var impatient = database.WithCommandTimeout(TimeSpan.FromSeconds(1));
                e = await Assert.ThrowsAsync<LockTimeoutException>(() => Task.Run(() =>
                    impatient.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {secretAmount} WHERE id = {1}")).WaitAsync(Patience));
            }
            else
            {
                e = await Assert.ThrowsAsync<LockTimeoutException>(() => database.TransactionAsync(async waiter =>
                {
                    await waiter.ExecuteAsync(db == Db.Postgres ? (Sql)$"SET LOCAL lock_timeout = '500ms'" : (Sql)$"SET SESSION innodb_lock_wait_timeout = 1");
                    await waiter.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {secretAmount} WHERE id = {1}");
                }).WaitAsync(Patience));
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The lock wait lasted {clock.Elapsed}.");

            AssertCommon(e, db, transient: true, sqlStart: "UPDATE", secretAmount.ToString());
            switch (db)
            {
                case Db.Sqlite:
                    Assert.Equal(5, e.ErrorNumber); // SQLITE_BUSY
                    break;
                case Db.Postgres:
                    Assert.Equal("55P03", e.SqlState);
                    break;
                default:
                    Assert.Equal(1205, e.ErrorNumber);
                    break;
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Statement_running_past_its_timeout_raises_CommandTimeoutException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        const int secret = 98765;
        Sql slow = db switch
        {
            Db.Postgres => $"SELECT {secret} FROM pg_sleep(5)",
            Db.MariaDb => $"SELECT SLEEP(5) + {secret}",
            // Counts to 100 million: about a minute on a slow machine, far beyond the timeout.
            _ => $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT count(*) + {secret} FROM c",
        };
        var session = database.WithCommandTimeout(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CommandTimeoutException>(() => Task.Run(() => session.ScalarAsync<object>(slow)).WaitAsync(Patience));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"The timeout fired after {clock.Elapsed}.");

        // Not transient: the same work would run out of time again, so retrying transactions give up at once.
        AssertCommon(e, db, transient: false, sqlStart: "", secret.ToString());
        Assert.Contains(db == Db.Sqlite ? "RECURSIVE" : "SLEEP", e.Sql!, StringComparison.OrdinalIgnoreCase);
        if (db == Db.Sqlite) Assert.Equal(9, e.ErrorNumber); // SQLITE_INTERRUPT

        // The connection that timed out is usable again.
        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT 1"));
    }

    [Theory, AllDatabases]
    public async Task Write_timing_out_inside_a_transaction_leaves_it_to_roll_back_cleanly(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAccountsAsync(database, db, "err_cto", 1);
        try
        {
            Sql slowValue = db switch
            {
                Db.Postgres => $"(SELECT 1 FROM pg_sleep(5))",
                Db.MariaDb => $"SLEEP(5)",
                _ => $"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT count(*) FROM c)",
            };
            var clock = Stopwatch.StartNew();
            await using (var tx = await database.BeginTransactionAsync())
            {
                await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + 1 WHERE id = {1}");
                var e = await Assert.ThrowsAsync<CommandTimeoutException>(() => Task.Run(() =>
                    tx.WithCommandTimeout(TimeSpan.FromSeconds(1)).ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = {slowValue} WHERE id = {1}")).WaitAsync(Patience));
                Assert.StartsWith("UPDATE", e.Sql);
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"The timeout fired after {clock.Elapsed}.");

            // Neither write stayed, and the database works on.
            Assert.Equal(100, await database.ScalarAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} WHERE id = {1}"));
            await database.TransactionAsync(tx => tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + 5 WHERE id = {1}"));
            Assert.Equal(105, await database.ScalarAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} WHERE id = {1}"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Unreachable_database_raises_ConnectionFailureException(Db db)
    {
        if (db == Db.Sqlite)
        {
            // A directory is not a database file.
            var directory = Directory.CreateTempSubdirectory("strata-tests-").FullName;
            try
            {
                var e = Assert.Throws<ConnectionFailureException>(() => Database.Open("sqlite:" + directory));
                Assert.Equal("sqlite", e.Dialect);
                Assert.Equal(14, e.ErrorNumber); // SQLITE_CANTOPEN
                Assert.False(e.IsTransient);
                Assert.Null(e.Sql);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
            return;
        }

        var url = db == Db.Postgres
            ? $"postgres://strata:{Password}@127.0.0.1:1/strata_test"
            : $"mariadb://strata:{Password}@127.0.0.1:1/strata_test";
        await using var database = Database.Open(new DatabaseOptions { Url = url, ConnectTimeout = TimeSpan.FromSeconds(5) });
        var failure = await Assert.ThrowsAsync<ConnectionFailureException>(() => database.PingAsync().WaitAsync(Patience));

        Assert.Equal(DialectName(db), failure.Dialect);
        Assert.True(failure.IsTransient);
        Assert.Null(failure.Sql); // no command was running
        AssertNoSecret(failure, Password);
        if (db == Db.MariaDb) Assert.Equal(1042, failure.ErrorNumber); // unable to connect to host
    }

    [Theory, AllDatabases]
    public async Task Syntax_error_raises_a_plain_DatabaseException(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        const string secret = "leaked-literal-90aa";

        var e = await Assert.ThrowsAsync<DatabaseException>(() => database.ExecuteAsync($"SELEC {secret} FROM nowhere"));

        Assert.Equal(typeof(DatabaseException), e.GetType());
        AssertCommon(e, db, transient: false, sqlStart: "SELEC", secret);
        switch (db)
        {
            case Db.Sqlite:
                Assert.Equal(1, e.ErrorNumber); // SQLITE_ERROR
                break;
            case Db.Postgres:
                Assert.Equal("42601", e.SqlState);
                break;
            default:
                Assert.Equal(1064, e.ErrorNumber);
                Assert.Equal("42000", e.SqlState);
                Assert.Contains("line 1", e.Message);
                break;
        }
    }

    [Theory, AllDatabases]
    public async Task Passwords_never_appear_in_errors_or_descriptions(Db db)
    {
        DatabaseOptions options = db switch
        {
            Db.Postgres => new DatabaseOptions { Url = $"postgres://strata:{Password}@127.0.0.1:5432/strata_test" },
            Db.MariaDb => new DatabaseOptions { Url = $"mariadb://strata:{Password}@127.0.0.1:3306/strata_test" },
            // SQLite has no server login; a password in its connection string asks for an encrypted file.
            _ => new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={TestDatabase.NewSqliteFile()};Password={Password}" },
        };
        Assert.DoesNotContain(Password, options.ToString());
        Assert.Contains("***", options.ToString());
        Assert.DoesNotContain(Password, options.ToConnectionSettings().ToString());

        Exception failure;
        if (db == Db.Sqlite)
        {
            // e_sqlite3 has no encryption, so opening refuses the password.
            failure = Assert.ThrowsAny<Exception>(() => Database.Open(options));
        }
        else
        {
            await using var database = Database.Open(options);
            Assert.DoesNotContain(Password, database.ToString());
            Assert.DoesNotContain(Password, database.Settings.ToString());
            var refused = await Assert.ThrowsAsync<ConnectionFailureException>(() => database.PingAsync().WaitAsync(Patience));
            Assert.Equal(DialectName(db), refused.Dialect);
            Assert.False(refused.IsTransient); // a wrong password does not fix itself
            if (db == Db.Postgres) Assert.Equal("28P01", refused.SqlState);
            else Assert.Equal(1045, refused.ErrorNumber);
            failure = refused;
        }
        AssertNoSecret(failure, Password);
    }

    private static void AssertCommon(DatabaseException e, Db db, bool transient, string sqlStart, params string[] secrets)
    {
        Assert.Equal(DialectName(db), e.Dialect);
        Assert.Equal(transient, e.IsTransient);
        Assert.NotNull(e.Sql);
        Assert.StartsWith(sqlStart, e.Sql);
        Assert.Contains(e.Sql, e.ToString());
        foreach (var secret in secrets) AssertNoSecret(e, secret);
    }

    private static void AssertNoSecret(Exception e, string secret)
    {
        // The secret as a token of its own: the tables' random hex suffixes may hold its digits (err_dl_7331f1…).
        var token = new System.Text.RegularExpressions.Regex($"(?<![0-9A-Za-z_]){System.Text.RegularExpressions.Regex.Escape(secret)}(?![0-9A-Za-z_])");
        // Without the stack trace's frames, whose line numbers ("SessionBase.cs:line 150") are no value of the statement's.
        var described = System.Text.RegularExpressions.Regex.Replace(e.ToString(), @"^\s+at .*$", "", System.Text.RegularExpressions.RegexOptions.Multiline);
        foreach (var text in new[] { e.Message, described, (e as DatabaseException)?.Sql ?? "" })
            Assert.False(token.IsMatch(text), $"'{secret}' appears in: {text}");
    }

    private static string DialectName(Db db) => db switch
    {
        Db.Sqlite => "sqlite",
        Db.Postgres => "postgresql",
        _ => "mariadb",
    };

    private static async Task<string> CreateAccountsAsync(Database database, Db db, string prefix, int rows)
    {
        var table = TestDatabase.Table(prefix);
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY, balance {Sql.Raw(Types.BigInt(db))} NOT NULL)");
        for (var id = 1; id <= rows; id++)
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, balance) VALUES ({id}, {100})");
        return table;
    }
}
