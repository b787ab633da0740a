using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>SQL held in strings with ? or $1 placeholders (QueryRawAsync and friends), bound as parameters on every database.</summary>
public class PositionalSqlTests
{
    public sealed record User(long Id, string Name, bool Active, int Org);

    [Theory, AllDatabases]
    public async Task Every_raw_method_binds_question_marks_as_parameters(Db db)
    {
        var commands = new CommandLog();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(commands));
        var table = await CreateUsersAsync(database, db);
        try
        {
            var sql = $"SELECT id, name, active, org FROM {table} WHERE active = ? AND org = ? ORDER BY id";
            var users = await database.QueryRawAsync<User>(sql, true, 7);
            Assert.Equal(["ada", "alan"], users.Select(u => u.Name));
            Assert.DoesNotContain("?", commands.Last, StringComparison.Ordinal);

            Assert.Equal("ada", (await database.QueryFirstOrDefaultRawAsync<User>(sql, true, 7))!.Name);
            Assert.Null(await database.QueryFirstOrDefaultRawAsync<User>(sql, false, 7));
            Assert.Equal("grace", (await database.QuerySingleRawAsync<User>($"SELECT id, name, active, org FROM {table} WHERE name = ?", "grace")).Name);
            Assert.Equal(2L, await database.ScalarRawAsync<long>($"SELECT COUNT(*) FROM {table} WHERE org = ?", 7));

            var streamed = new List<string>();
            await foreach (var user in database.StreamRawAsync<User>(sql, true, 7)) streamed.Add(user.Name);
            Assert.Equal(["ada", "alan"], streamed);
            Assert.Equal(CommandKind.Stream, commands.LastKind);

            await using (var rows = await database.QueryRowsRawAsync($"SELECT name FROM {table} WHERE org = ? ORDER BY id", 8))
            {
                Assert.True(await rows.ReadAsync());
                Assert.Equal("grace", rows.Get<string>("name"));
            }

            var inserted = await database.ExecuteRawAsync($"INSERT INTO {table} (name, active, org) VALUES (?, ?, ?)", "linus", false, 9);
            Assert.Equal(1, inserted.RowsAffected);
            if (db != Db.Postgres) Assert.Equal(4L, inserted.LastInsertId);
            Assert.Equal(1, await database.ExecuteRawAsync($"UPDATE {table} SET org = ? WHERE name = ?", 10, "linus"));
            Assert.Equal(CommandKind.Execute, commands.LastKind);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Numbered_placeholders_bind_by_number_on_every_database(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateUsersAsync(database, db);
        try
        {
            var names = await database.QueryRawAsync<string>($"SELECT name FROM {table} WHERE org = $2 AND (active = $1 OR name = $3) ORDER BY id", false, 7, "ada");
            Assert.Equal(["ada"], names);
            Assert.Equal(3L, await database.ScalarRawAsync<long>($"SELECT COUNT(*) FROM {table} WHERE org = $1 OR org + 1 = $1", 8));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Question_marks_in_strings_and_comments_reach_the_database_as_text(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var row = await database.QuerySingleRawAsync<(string Mark, string Doubled, long Value)>(
            "SELECT '?' AS mark, 'a??b' AS doubled, /* ? */ ? AS value -- ?\n", 5L);
        Assert.Equal(("?", "a??b", 5L), row);
        Assert.Equal("$1", await database.ScalarRawAsync<string>("SELECT '$1'"));
    }

    [Fact]
    public async Task PostgreSQL_jsonb_question_mark_operators_work_doubled_or_beside_numbered_placeholders()
    {
        await using var database = await TestDatabase.OpenAsync(Db.Postgres);
        Assert.True(await database.ScalarRawAsync<bool>("SELECT '{\"a\": 1}'::jsonb ?? ? AND '{\"a\": 1}'::jsonb ??| array[?, ?]", "a", "a", "b"));
        Assert.True(await database.ScalarRawAsync<bool>("SELECT '{\"a\": 1, \"b\": 2}'::jsonb ?& array[$1, $2] AND '{\"a\": 1}'::jsonb ? $1", "a", "b"));
    }

    [Theory, AllDatabases]
    public async Task A_collection_argument_expands_for_IN(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateUsersAsync(database, db);
        try
        {
            var names = await database.QueryRawAsync<string>($"SELECT name FROM {table} WHERE org IN (?) AND name <> ? ORDER BY id", new List<int> { 7, 8 }, "alan");
            Assert.Equal(["ada", "grace"], names);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_wrong_number_of_arguments_fails_before_anything_is_sent(Db db)
    {
        var commands = new CommandLog();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(commands));
        var before = commands.Count;

        var few = await Assert.ThrowsAsync<ArgumentException>(() => database.QueryRawAsync<int>("SELECT ? + ?", 1));
        Assert.Contains("2 ? placeholders but 1 argument was given", few.Message, StringComparison.Ordinal);
        var many = await Assert.ThrowsAsync<ArgumentException>(() => database.ExecuteRawAsync("SELECT $1", [1, 2], CancellationToken.None));
        Assert.Contains("takes 1 argument, but 2 arguments were given", many.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => database.StreamRawAsync<int>("SELECT ?"));

        Assert.Equal(before, commands.Count);
    }

    [Theory, AllDatabases]
    public async Task A_single_null_argument_is_a_NULL_and_the_token_cancels(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        Assert.Equal(1L, await database.ScalarRawAsync<long>("SELECT COALESCE(?, 1)", null!));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.QueryRawAsync<long>("SELECT ?", [1L], cancelled.Token));
    }

    [Theory, AllDatabases]
    public async Task Raw_statements_join_the_transaction_they_run_in(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateUsersAsync(database, db);
        try
        {
            await using (var tx = await database.BeginTransactionAsync())
            {
                await tx.ExecuteRawAsync($"DELETE FROM {table} WHERE org = ?", 7);
                Assert.Equal(1L, await tx.ScalarRawAsync<long>($"SELECT COUNT(*) FROM {table}"));
                await tx.RollbackAsync();
            }
            Assert.Equal(3L, await database.ScalarRawAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    private static async Task<string> CreateUsersAsync(Database database, Db db)
    {
        var table = TestDatabase.Table("raw_users");
        await database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, active {Sql.Raw(Types.Bool(db))} NOT NULL, org INTEGER NOT NULL)");
        foreach (var (name, active, org) in new[] { ("ada", true, 7), ("alan", true, 7), ("grace", false, 8) })
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name, active, org) VALUES ({name}, {active}, {org})");
        return table;
    }

    /// <summary>The commands the pipeline sent, for checking what reached the driver.</summary>
    private sealed class CommandLog : ICommandInterceptor
    {
        private readonly List<(CommandKind Kind, string Text)> _commands = [];

        public int Count
        {
            get { lock (_commands) return _commands.Count; }
        }

        public string Last
        {
            get { lock (_commands) return _commands[^1].Text; }
        }

        public CommandKind LastKind
        {
            get { lock (_commands) return _commands[^1].Kind; }
        }

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            lock (_commands) _commands.Add((context.Kind, context.Command.CommandText));
            return default;
        }
    }
}
