using System.Collections.Concurrent;
using System.Globalization;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;
using Strata.Mapping;
using Strata.Schema;

namespace Strata.IntegrationTests;

/// <summary>
/// The schema builder's ALTER TABLE on real SQLite files: what SQLite does in place, and the table rebuild for
/// everything else, which must keep every row and value, the indexes, triggers and views, the AUTOINCREMENT
/// sequence and the foreign keys of other tables, and must leave the table untouched when it fails.
/// </summary>
public class SqliteSchemaTests
{
    /// <summary>A parent, a table with a key, unique, index, check, foreign keys, trigger and view, and a child table.</summary>
    private sealed record Tables(string Teams, string Users, string Posts, string Log, string View, string Trigger, string AgeIndex);

    private static async Task<Tables> SeedAsync(Database db)
    {
        var t = new Tables(TestDatabase.Table("teams"), TestDatabase.Table("users"), TestDatabase.Table("posts"), TestDatabase.Table("log"),
            TestDatabase.Table("adults"), TestDatabase.Table("audit"), "");
        t = t with { AgeIndex = ConstraintNames.Index(t.Users, ["age"]) };
        await db.Schema.CreateTable(t.Teams, x =>
        {
            x.Increments("id");
            x.String("name", 50);
        }).ExecuteAsync();
        await db.Schema.CreateTable(t.Users, x =>
        {
            x.Increments("id");
            x.String("email", 100).Unique();
            x.Integer("age").Nullable().Index();
            x.Integer("score").Default(0).Check($"score >= {0}");
            x.Integer("team_id").Nullable().References(t.Teams).OnDelete(ReferentialAction.SetNull);
            x.Integer("club_id").Nullable();
            x.Text("note").Nullable();
        }).ExecuteAsync();
        await db.Schema.CreateTable(t.Posts, x =>
        {
            x.Increments("id");
            x.Integer("user_id").References(t.Users).OnDelete(ReferentialAction.Cascade);
            x.String("title", 50);
        }).ExecuteAsync();
        await db.Schema.CreateTable(t.Log, x =>
        {
            x.Increments("id");
            x.Integer("user_id");
        }).ExecuteAsync();
        await db.ExecuteAsync($"CREATE TRIGGER {Sql.Identifier(t.Trigger)} AFTER UPDATE ON {Sql.Identifier(t.Users)} BEGIN INSERT INTO {Sql.Identifier(t.Log)} (user_id) VALUES (NEW.id); END");
        await db.ExecuteAsync($"CREATE VIEW {Sql.Identifier(t.View)} AS SELECT id, email FROM {Sql.Identifier(t.Users)} WHERE age >= 18");
        await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Teams)} (name) VALUES ('red'), ('blue')");
        for (var i = 1; i <= 5; i++)
        {
            await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Users)} (email, age, score, team_id, club_id, note) VALUES ({$"u{i}@x.org"}, {10 + i * 5}, {i}, {1 + i % 2}, {2 - i % 2}, {$"note {i}, 'quoted'"})");
            await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Posts)} (user_id, title) VALUES ({i}, 'a'), ({i}, 'b')");
        }
        // The highest key is gone, so the sequence (5) is above the highest row left (4).
        await db.ExecuteAsync($"DELETE FROM {Sql.Identifier(t.Users)} WHERE id = 5");
        return t;
    }

    private static Task<IReadOnlyList<DbRow>> RowsAsync(Database db, string table) => db.QueryAsync<DbRow>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY 1");

    private static Task<IReadOnlyList<string>> SchemaTextAsync(Database db) =>
        db.QueryAsync<string>($"SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name");

    private static string Show(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "NULL";

    public static TheoryData<string> RebuildActions => new()
    {
        "change type", "change nullability", "drop constrained column", "add foreign key", "drop foreign key", "add check", "drop check", "drop unique",
    };

    [Theory]
    [MemberData(nameof(RebuildActions))]
    public async Task A_rebuild_keeps_rows_values_indexes_triggers_views_sequence_and_the_foreign_keys_pointing_at_it(string action)
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        var before = await RowsAsync(db, t.Users);
        var operation = db.Schema.AlterTable(t.Users, x =>
        {
            switch (action)
            {
                case "change type": x.ChangeColumn("age", ColumnType.BigInteger).Nullable(); break;
                case "change nullability": x.ChangeColumn("note", ColumnType.Text); break;
                case "drop constrained column": x.DropColumn("score"); break;
                case "add foreign key": x.ForeignKey("club_id").References(t.Teams).OnDelete(ReferentialAction.Restrict); break;
                case "drop foreign key": x.DropForeignKey(ConstraintNames.ForeignKey(t.Users, ["team_id"])); break;
                case "add check": x.Check($"age < {200}").Named("age_limit"); break;
                case "drop check": x.DropCheck(ConstraintNames.Check(t.Users, "score")); break;
                default: x.DropUnique(ConstraintNames.Unique(t.Users, ["email"])); break;
            }
        });
        Assert.Contains(await operation.ToSqlAsync(), s => s.StartsWith("CREATE TABLE \"strata_rebuild_", StringComparison.Ordinal));
        await operation.ExecuteAsync();

        var after = await RowsAsync(db, t.Users);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            foreach (var column in after[i].Keys) Assert.Equal(Show(before[i][column]), Show(after[i][column]));
        }
        var table = (await db.Schema.IntrospectTableAsync(t.Users))!;
        switch (action)
        {
            case "change type": Assert.Equal("bigint", table.FindColumn("age")!.DatabaseType); break;
            case "change nullability": Assert.False(table.FindColumn("note")!.IsNullable); break;
            case "drop constrained column": Assert.Null(table.FindColumn("score")); Assert.DoesNotContain(table.CheckConstraints, c => c.Expression.Contains("score", StringComparison.Ordinal)); break;
            case "add foreign key": Assert.Contains(table.ForeignKeys, f => f.Columns.SequenceEqual(["club_id"]) && f.OnDelete == ReferentialAction.Restrict); break;
            case "drop foreign key": Assert.DoesNotContain(table.ForeignKeys, f => f.Columns.Contains("team_id")); break;
            case "add check": Assert.Contains(table.CheckConstraints, c => c.Name == "age_limit"); break;
            case "drop check": Assert.DoesNotContain(table.CheckConstraints, c => c.Name == ConstraintNames.Check(t.Users, "score")); break;
            default: Assert.Empty(table.UniqueConstraints); break;
        }

        // Index, trigger and view are back and work.
        Assert.Contains(table.Indexes, i => i.Name == t.AgeIndex);
        var logged = await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Log)}");
        await db.ExecuteAsync($"UPDATE {Sql.Identifier(t.Users)} SET note = 'changed' WHERE id = 2");
        Assert.Equal(logged + 1, await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Log)}"));
        Assert.Equal(before.Count(r => Convert.ToInt64(r["age"], CultureInfo.InvariantCulture) >= 18), await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.View)}"));

        // AUTOINCREMENT goes on from the old sequence (5), under the table's own name.
        Assert.Equal(6, await db.ScalarAsync<long>($"INSERT INTO {Sql.Identifier(t.Users)} (email, note) VALUES ('new@x.org', 'n') RETURNING id"));
        Assert.Equal([t.Users], await db.QueryAsync<string>($"SELECT name FROM sqlite_sequence WHERE name LIKE '%' || {t.Users[6..]}"));
        Assert.Empty(await db.QueryAsync<string>($"SELECT name FROM sqlite_schema WHERE name LIKE 'strata_rebuild_%'"));

        // No child row went with the old table, and the child's foreign key still cascades to the new one.
        Assert.Equal(8, await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Posts)}"));
        await db.ExecuteAsync($"DELETE FROM {Sql.Identifier(t.Users)} WHERE id = 1");
        Assert.Equal(6, await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Posts)}"));

        // The pooled connections enforce foreign keys again.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, await db.ScalarAsync<long>($"PRAGMA foreign_keys"));
            await Assert.ThrowsAsync<ForeignKeyViolationException>(() => db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Posts)} (user_id, title) VALUES (999, 'orphan')"));
        }
    }

    [Fact]
    public async Task Each_in_place_alter_keeps_the_rows_and_runs_without_a_rebuild()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        var before = await RowsAsync(db, t.Users);
        var renamed = TestDatabase.Table("people");
        var steps = new List<SchemaOperation>
        {
            db.Schema.AlterTable(t.Users, x => x.String("nick", 20).Default("none")),
            db.Schema.AlterTable(t.Users, x => x.RenameColumn("note", "remark")),
            db.Schema.AlterTable(t.Users, x => x.DropColumn("club_id")),
            db.Schema.AlterTable(t.Users, x => x.Index("nick").Named("by_nick").Where($"nick <> {"none"}")),
            db.Schema.AlterTable(t.Users, x => x.Unique("nick", "age")),
            db.Schema.AlterTable(t.Users, x => x.DropIndex("by_nick")),
            db.Schema.AlterTable(t.Users, x => x.DropUnique(ConstraintNames.Unique(t.Users, ["nick", "age"]))),
            db.Schema.RenameTable(t.Users, renamed),
        };
        foreach (var step in steps)
        {
            Assert.DoesNotContain(await step.ToSqlAsync(), s => s.Contains("strata_rebuild_", StringComparison.Ordinal));
            await step.ExecuteAsync();
        }
        var after = await RowsAsync(db, renamed);
        Assert.Equal(before.Select(r => Show(r["email"]) + Show(r["note"])), after.Select(r => Show(r["email"]) + Show(r["remark"])));
        Assert.All(after, r => Assert.Equal("none", r["nick"]));
        var table = (await db.Schema.IntrospectTableAsync(renamed))!;
        Assert.Null(table.FindColumn("club_id"));
        Assert.DoesNotContain(table.Indexes, i => i.Name is "by_nick" || i.Name == ConstraintNames.Unique(t.Users, ["nick", "age"]));
        // The child table's foreign key followed the rename.
        Assert.Contains((await db.Schema.IntrospectTableAsync(t.Posts))!.ForeignKeys, f => f.ReferencedTable == renamed);
    }

    [Fact]
    public async Task ToSqlAsync_of_a_rebuild_lists_what_ExecuteAsync_runs_and_changes_nothing()
    {
        var executed = new ConcurrentQueue<string>();
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite, o => o.Interceptors.Add(new Recorder(executed)));
        var t = await SeedAsync(db);
        var schema = await SchemaTextAsync(db);
        var operation = db.Schema.AlterTable(t.Users, x => x.ChangeColumn("age", ColumnType.SmallInteger).Nullable());
        var planned = await operation.ToSqlAsync();
        Assert.Equal(schema, await SchemaTextAsync(db));
        Assert.Equal($"PRAGMA foreign_key_check(\"{t.Posts}\")", planned[^1]);
        executed.Clear();
        await operation.ExecuteAsync();
        var ran = executed.ToList();
        var at = 0;
        foreach (var statement in planned)
        {
            at = ran.IndexOf(statement, at);
            Assert.True(at >= 0, $"'{statement}' did not run in that order. Ran:\n{string.Join("\n", ran)}");
        }
    }

    public static TheoryData<string> FailingRebuilds => new() { "foreign key", "check", "not null" };

    [Theory]
    [MemberData(nameof(FailingRebuilds))]
    public async Task A_rebuild_that_would_break_a_constraint_fails_and_leaves_the_table_exactly_as_it_was(string broken)
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        // A user in a club that does not exist (club_id has no foreign key yet) and without a note.
        await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Users)} (email, age, club_id) VALUES ('odd@x.org', 40, 77)");
        var schema = await SchemaTextAsync(db);
        var rows = (await RowsAsync(db, t.Users)).Select(r => string.Join("|", r.Values.Select(Show))).ToList();
        var operation = db.Schema.AlterTable(t.Users, x =>
        {
            if (broken == "foreign key") x.ForeignKey("club_id").References(t.Teams);
            else if (broken == "check") x.Check($"age < {40}");
            else x.ChangeColumn("note", ColumnType.Text);
        });
        var e = await Assert.ThrowsAnyAsync<DatabaseException>(() => operation.ExecuteAsync());
        switch (broken)
        {
            case "foreign key":
                Assert.IsType<ForeignKeyViolationException>(e);
                Assert.Contains($"'{t.Users}' row", e.Message);
                Assert.Contains($"'{t.Teams}'", e.Message);
                break;
            case "check": Assert.IsType<CheckViolationException>(e); break;
            default: Assert.IsType<NotNullViolationException>(e); break;
        }
        Assert.Equal(schema, await SchemaTextAsync(db));
        Assert.Equal(rows, (await RowsAsync(db, t.Users)).Select(r => string.Join("|", r.Values.Select(Show))));
        Assert.Equal(1, await db.ScalarAsync<long>($"PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Inside_a_transaction_with_foreign_keys_on_a_referenced_table_is_not_rebuilt_and_nothing_changes()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        var schema = await SchemaTextAsync(db);
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync($"UPDATE {Sql.Identifier(t.Users)} SET note = 'inside' WHERE id = 1");
            await tx.Schema.AlterTable(t.Users, x => x.DropCheck(ConstraintNames.Check(t.Users, "score"))).ExecuteAsync();
        }));
        Assert.Contains($"'{t.Posts}'", e.Message);
        Assert.Contains("outside a transaction", e.Message);
        Assert.Equal(schema, await SchemaTextAsync(db));
        Assert.Equal("note 1, 'quoted'", await db.ScalarAsync<string>($"SELECT note FROM {Sql.Identifier(t.Users)} WHERE id = 1"));
    }

    [Fact]
    public async Task Inside_a_transaction_a_table_nothing_references_is_rebuilt_in_a_savepoint_that_rolls_back_with_it()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        await db.TransactionAsync(tx => tx.Schema.AlterTable(t.Posts, x => x.ChangeColumn("title", ColumnType.Text)).ExecuteAsync());
        Assert.Equal("text", (await db.Schema.IntrospectTableAsync(t.Posts))!.FindColumn("title")!.DatabaseType);
        Assert.Equal(8, await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Posts)}"));

        var schema = await SchemaTextAsync(db);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.TransactionAsync(async tx =>
        {
            await tx.Schema.AlterTable(t.Posts, x => x.DropColumn("title")).ExecuteAsync();
            Assert.Null((await tx.Schema.IntrospectTableAsync(t.Posts))!.FindColumn("title"));
            throw new InvalidOperationException("roll back");
        }));
        Assert.Equal(schema, await SchemaTextAsync(db));
        // Still enforced after the rebuild inside the transaction.
        await Assert.ThrowsAsync<ForeignKeyViolationException>(() => db.ExecuteAsync($"INSERT INTO {Sql.Identifier(t.Posts)} (user_id, title) VALUES (999, 'orphan')"));
    }

    [Fact]
    public async Task Inside_a_transaction_with_foreign_keys_off_a_referenced_table_is_rebuilt_without_touching_its_children()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var t = await SeedAsync(db);
        await using (var session = await db.OpenSessionAsync())
        {
            await session.ExecuteAsync($"PRAGMA foreign_keys = OFF");
            try
            {
                await session.TransactionAsync(tx => tx.Schema.AlterTable(t.Users, x => x.DropUnique(ConstraintNames.Unique(t.Users, ["email"]))).ExecuteAsync());
            }
            finally
            {
                await session.ExecuteAsync($"PRAGMA foreign_keys = ON");
            }
        }
        Assert.Empty((await db.Schema.IntrospectTableAsync(t.Users))!.UniqueConstraints);
        Assert.Equal(8, await db.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(t.Posts)}"));
    }

    [Fact]
    public async Task The_sqlite3_command_line_reads_a_rebuilt_file_as_intact_with_the_definition_written()
    {
        var path = TestDatabase.NewSqliteFile();
        Tables t;
        await using (var db = await TestDatabase.OpenAsync(Db.Sqlite, o => o.Url = "sqlite:" + path))
        {
            t = await SeedAsync(db);
            await db.Schema.AlterTable(t.Users, x =>
            {
                x.ChangeColumn("score", ColumnType.BigInteger).Default(1);
                x.Check($"score < {1000}").Named("score_limit");
            }).ExecuteAsync();
        }
        var output = await Sqlite3Async(path, "PRAGMA integrity_check; PRAGMA foreign_key_check; " +
            $"SELECT sql FROM sqlite_schema WHERE name = '{t.Users}'; SELECT seq FROM sqlite_sequence WHERE name = '{t.Users}';");
        Assert.Equal(
        [
            "ok",
            $"CREATE TABLE \"{t.Users}\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" VARCHAR(100) NOT NULL, \"age\" INT, " +
            $"\"score\" BIGINT NOT NULL DEFAULT 1, \"team_id\" INT, \"club_id\" INT, \"note\" TEXT, CONSTRAINT \"{t.Users}_email_unique\" UNIQUE (\"email\"), " +
            $"CONSTRAINT \"{t.Users}_team_id_foreign\" FOREIGN KEY (\"team_id\") REFERENCES \"{t.Teams}\" (\"id\") ON DELETE SET NULL, " +
            $"CONSTRAINT \"{t.Users}_score_check\" CHECK (score >= 0), CONSTRAINT \"score_limit\" CHECK (score < 1000))",
            "5",
        ], output);
    }

    private static async Task<string[]> Sqlite3Async(string path, string sql)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-batch");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(sql);
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The sqlite3 command-line shell is not installed; scripts/services.sh installs it (apt-get install sqlite3).", e);
        }
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"sqlite3 failed: {error}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private sealed class Recorder(ConcurrentQueue<string> executed) : ICommandInterceptor
    {
        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            executed.Enqueue(context.Command.CommandText);
            return default;
        }
    }
}
