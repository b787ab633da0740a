using System.Collections.Concurrent;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Scripts;

/// <summary>Multi-statement SQL scripts through <see cref="IDbSession.ExecuteScriptAsync"/> and files, on every database.</summary>
public class ScriptTests
{
    private sealed class Recorder : ICommandInterceptor
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Commands.Enqueue(context.Command.CommandText);
            return default;
        }
    }

    /// <summary>A table and a trigger that counts inserts, written the way each database wants it (dollar quotes, DELIMITER, BEGIN … END).</summary>
    private static string TriggerScript(Db db, string table) => db switch
    {
        Db.Postgres => $"""
            CREATE TABLE {table} (id INTEGER PRIMARY KEY, note VARCHAR(50), n INTEGER NOT NULL DEFAULT 0);
            -- a function body full of semicolons
            CREATE FUNCTION {table}_bump() RETURNS trigger AS $$
            BEGIN
              NEW.n := NEW.n + 1;
              RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {table}_t BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_bump();
            INSERT INTO {table} (id, note) VALUES (1, 'a;b');
            """,
        Db.MariaDb => $"""
            CREATE TABLE {table} (id INTEGER PRIMARY KEY, note VARCHAR(50), n INTEGER NOT NULL DEFAULT 0);
            DELIMITER $$
            CREATE TRIGGER {table}_t BEFORE INSERT ON {table} FOR EACH ROW
            BEGIN
              SET NEW.n = NEW.n + 1;
            END$$
            DELIMITER ;
            INSERT INTO {table} (id, note) VALUES (1, 'a;b');
            """,
        _ => $"""
            CREATE TABLE {table} (id INTEGER PRIMARY KEY, note VARCHAR(50), n INTEGER NOT NULL DEFAULT 0);
            /* a trigger body full of semicolons */
            CREATE TRIGGER {table}_t AFTER INSERT ON {table}
            BEGIN
              UPDATE {table} SET n = n + 1 WHERE id = NEW.id;
            END;
            INSERT INTO {table} (id, note) VALUES (1, 'a;b');
            """,
    };

    [Theory, AllDatabases]
    public async Task A_script_runs_each_statement_through_the_pipeline_split_by_the_dialects_rules(Db db)
    {
        var recorder = new Recorder();
        await using var s = await SchemaScope.OpenAsync(db, o => o.Interceptors.Add(recorder));
        var table = s.Table("script");
        try
        {
            recorder.Commands.Clear();
            var count = await s.Db.ExecuteScriptAsync(TriggerScript(db, table));
            var ran = recorder.Commands.ToList();

            Assert.Equal(db == Db.Postgres ? 4 : 3, count);
            Assert.Equal((1, "a;b"), await s.Db.QuerySingleAsync<(int, string)>($"SELECT n, note FROM {Sql.Identifier(table)}"));
            // Only the script's statements ran (no history, no bookkeeping), each as one command.
            Assert.Equal(count, ran.Count);
            Assert.All(ran, c => Assert.Contains(table, c, StringComparison.Ordinal));
        }
        finally
        {
            if (db == Db.Postgres) await s.Db.ExecuteAsync($"DROP FUNCTION IF EXISTS {Sql.Identifier(table + "_bump")}() CASCADE");
        }
    }

    [Theory, AllDatabases]
    public async Task A_failing_statement_is_named_by_number_and_line_and_the_script_is_rolled_back_where_ddl_allows(Db db)
    {
        await using var s = await SchemaScope.OpenAsync(db);
        var table = s.Table("script");
        var script = $"CREATE TABLE {table} (id INTEGER PRIMARY KEY);\nINSERT INTO {table} (id) VALUES (1);\n\n-- the same key again\nINSERT INTO {table} (id) VALUES (1);\nINSERT INTO {table} (id) VALUES (2);\n";

        var error = await Assert.ThrowsAsync<SqlScriptException>(() => s.Db.ExecuteScriptAsync(script));

        Assert.Equal((3, 5, null), (error.Statement, error.Line, error.File));
        Assert.StartsWith("Statement 3 of 4 of the script (line 5) failed: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<UniqueViolationException>(error.InnerException);
        Assert.NotNull(error.Sql);
        if (s.Db.Dialect.SupportsTransactionalDdl)
        {
            Assert.Contains("nothing of it stayed", error.Message, StringComparison.Ordinal);
            Assert.False(await s.Db.Schema.HasTableAsync(table));
        }
        else
        {
            // MariaDB's CREATE TABLE committed and ended the transaction: the insert after it ran in autocommit.
            Assert.Contains("Statements 1 to 2 stayed: this database commits at each DDL statement (statement 1 here)", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        }
    }

    [Theory, AllDatabases]
    public async Task A_data_script_is_all_or_nothing_and_a_savepoint_inside_a_transaction(Db db)
    {
        await using var s = await SchemaScope.OpenAsync(db);
        var table = s.Table("script");
        await s.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id INTEGER PRIMARY KEY)");
        var failing = $"INSERT INTO {table} (id) VALUES (1);\nINSERT INTO {table} (id) VALUES (2);\nINSERT INTO {table} (id) VALUES (1);\n";

        await Assert.ThrowsAsync<SqlScriptException>(() => s.Db.ExecuteScriptAsync(failing));
        Assert.Equal(0, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));

        await s.Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id) VALUES (10)");
            await Assert.ThrowsAsync<SqlScriptException>(() => tx.ExecuteScriptAsync(failing));
            Assert.Equal(2, await tx.ExecuteScriptAsync($"INSERT INTO {table} (id) VALUES (11);\nINSERT INTO {table} (id) VALUES (12);"));
        });

        Assert.Equal([10, 11, 12], await s.Db.QueryAsync<int>($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id"));
        Assert.Equal(0, await s.Db.ExecuteScriptAsync("-- nothing but a comment\n"));
    }

    [Theory, AllDatabases]
    public async Task A_script_file_runs_and_its_errors_name_the_file_and_line(Db db)
    {
        await using var s = await SchemaScope.OpenAsync(db);
        var table = s.Table("script");
        var path = Path.Combine(Path.GetTempPath(), $"{table}.sql");
        try
        {
            await File.WriteAllTextAsync(path, $"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);\nINSERT INTO {table} (id, name) VALUES (1, 'one');\n");
            Assert.Equal(2, await s.Db.ExecuteScriptFileAsync(path));
            Assert.Equal("one", await s.Db.ScalarAsync<string>($"SELECT name FROM {Sql.Identifier(table)}"));

            await File.WriteAllTextAsync(path, $"INSERT INTO {table} (id, name) VALUES (2, 'two');\n\nINSERT INTO {table} (id, name)\nVALUES (3, NULL);\n");
            var error = await Assert.ThrowsAsync<SqlScriptException>(() => s.Db.ExecuteScriptFileAsync(path));

            Assert.Equal((2, 3, path), (error.Statement, error.Line, error.File));
            Assert.Contains($"of the script '{path}' (line 3)", error.Message, StringComparison.Ordinal);
            Assert.IsType<NotNullViolationException>(error.InnerException);
            Assert.Equal(1, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
            await Assert.ThrowsAsync<FileNotFoundException>(() => s.Db.ExecuteScriptFileAsync(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
