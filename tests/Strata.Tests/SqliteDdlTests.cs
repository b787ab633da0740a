using Strata.Schema;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// Golden SQL for what SQLite writes differently: type names, the inline INTEGER PRIMARY KEY AUTOINCREMENT,
/// literals, the in-place ALTER TABLE statements, and the statement lists of table rebuilds compiled from a given
/// table description (no database involved).
/// </summary>
public class SqliteDdlTests
{
    private static readonly SqliteDdlCompiler Ddl = SqliteDdlCompiler.Instance;
    private static readonly SqliteDialect Dialect = new();

    private static string[] Text(IReadOnlyList<Sql> statements) => [.. statements.Select(s => s.Render(Dialect).Text)];

    private static CreateTableStatement Create(string table, Action<TableBuilder> define)
    {
        var builder = new TableBuilder(table);
        define(builder);
        return builder.Build(ifNotExists: false);
    }

    private static AlterTableStatement Alter(string table, Action<AlterTableBuilder> define)
    {
        var builder = new AlterTableBuilder(table);
        define(builder);
        return builder.Build();
    }

    private static string[] Rebuild(AlterTableStatement alter, string createSql, params SqliteSchemaObject[] indexesAndOthers) =>
        Text(Ddl.CompileAlterTable(alter, new SqliteTableDescription(createSql,
            [.. indexesAndOthers.Where(o => o.Type == "index")], [.. indexesAndOthers.Where(o => o.Type != "index")], [])));

    [Fact]
    public void Type_names_keep_the_affinity_and_say_what_the_column_holds()
    {
        var expected = new (ColumnType Type, string Name)[]
        {
            (ColumnType.Increments, "INTEGER"), (ColumnType.BigIncrements, "INTEGER"), (ColumnType.Integer, "INT"),
            (ColumnType.BigInteger, "BIGINT"), (ColumnType.SmallInteger, "SMALLINT"), (ColumnType.Uuid, "UUID"),
            (ColumnType.String(100), "VARCHAR(100)"), (ColumnType.Text, "TEXT"), (ColumnType.Json, "TEXT"),
            (ColumnType.Enum(["a"]), "TEXT"), (ColumnType.Decimal(10, 2), "DECIMAL(10,2)"), (ColumnType.Float, "FLOAT"),
            (ColumnType.Double, "DOUBLE"), (ColumnType.Boolean, "BOOLEAN"), (ColumnType.Date, "DATE"), (ColumnType.Time, "TIME"),
            (ColumnType.DateTime, "DATETIME"), (ColumnType.Timestamp(withTimeZone: false), "TIMESTAMP"),
            (ColumnType.Timestamp(withTimeZone: true), "TIMESTAMPTZ"), (ColumnType.Binary, "BLOB"),
        };
        foreach (var (type, name) in expected) Assert.Equal(name, Ddl.TypeName(type));
    }

    [Fact]
    public void Create_table_writes_the_auto_increment_key_inline_and_literals_as_the_driver_stores_them()
    {
        var create = Create("users", t =>
        {
            t.Increments("id");
            t.String("email", 200).Unique();
            t.Enum("role", "admin", "user").Default("user");
            t.Boolean("active").Default(true);
            t.Uuid("token").Default(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"));
            t.Timestamps();
            t.Integer("team_id").Nullable().References("teams").OnDelete(ReferentialAction.Cascade);
            t.Check($"length(email) > {3}");
            t.Index("team_id", "active").Where($"active = {true}");
        });
        Assert.Equal(
        [
            "CREATE TABLE \"users\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" VARCHAR(200) NOT NULL, " +
            "\"role\" TEXT NOT NULL DEFAULT 'user' CONSTRAINT \"users_role_enum\" CHECK (\"role\" IN ('admin', 'user')), \"active\" BOOLEAN NOT NULL DEFAULT 1, " +
            "\"token\" UUID NOT NULL DEFAULT X'5BAD8F0FCBD99F46A16570867728950E', " +
            "\"created_at\" TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')), \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')), " +
            "\"team_id\" INT, CONSTRAINT \"users_email_unique\" UNIQUE (\"email\"), " +
            "CONSTRAINT \"users_team_id_foreign\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\" (\"id\") ON DELETE CASCADE, CONSTRAINT \"users_check\" CHECK (length(email) > 3))",
            "CREATE INDEX \"users_team_id_active_index\" ON \"users\" (\"team_id\", \"active\") WHERE active = 1",
        ], Text(Ddl.Compile(create)));
    }

    [Fact]
    public void A_composite_or_non_increment_key_is_a_table_constraint()
    {
        var create = Create("memberships", t =>
        {
            t.BigInteger("user_id");
            t.BigInteger("team_id");
            t.PrimaryKey("user_id", "team_id");
        });
        Assert.Equal("CREATE TABLE \"memberships\" (\"user_id\" BIGINT NOT NULL, \"team_id\" BIGINT NOT NULL, CONSTRAINT \"memberships_pkey\" PRIMARY KEY (\"user_id\", \"team_id\"))",
            Text(Ddl.Compile(create))[0]);
    }

    [Fact]
    public void An_auto_increment_column_that_is_not_the_key_is_refused()
    {
        var statement = new CreateTableStatement("t", [new ColumnDefinition("id", ColumnType.Increments)], null, [], [], [], [], false);
        var e = Assert.Throws<NotSupportedException>(() => Ddl.Compile(statement));
        Assert.Contains("INTEGER PRIMARY KEY", e.Message);
    }

    [Fact]
    public void Literals_and_current_times_are_written_as_the_driver_writes_and_reads_them()
    {
        Assert.Equal("1", Ddl.Literal(true));
        Assert.Equal("0", Ddl.Literal(false));
        Assert.Equal("X'" + Convert.ToHexString(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e").ToByteArray()) + "'", Ddl.Literal(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")));
        Assert.Equal("'2024-02-29 13:45:30.123'", Ddl.Literal(new DateTime(2024, 2, 29, 13, 45, 30, 123)));
        Assert.Equal("'2024-02-29 13:45:30.5+05:30'", Ddl.Literal(new DateTimeOffset(2024, 2, 29, 13, 45, 30, 500, TimeSpan.FromHours(5.5))));
        Assert.Equal("'it''s'", Ddl.Literal("it's"));
        var create = Create("times", t =>
        {
            t.Date("d").DefaultCurrentTimestamp();
            t.Time("t").DefaultCurrentTimestamp();
            t.DateTime("dt").DefaultCurrentTimestamp();
        });
        Assert.Equal("CREATE TABLE \"times\" (\"d\" DATE NOT NULL DEFAULT (date('now')), \"t\" TIME NOT NULL DEFAULT (strftime('%H:%M:%f', 'now')), " +
            "\"dt\" DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))", Text(Ddl.Compile(create))[0]);
    }

    [Fact]
    public void What_SQLite_does_in_place_compiles_without_a_database()
    {
        var alter = Alter("users", t =>
        {
            t.String("nick", 20).Nullable();
            t.Integer("score").Default(0);
            t.RenameColumn("email", "mail");
            t.DropIndex("users_old_index");
            t.Unique("nick");
            t.Index("score").Named("by_score").Where($"score > {0}");
        });
        Assert.Equal(
        [
            "ALTER TABLE \"users\" ADD COLUMN \"nick\" VARCHAR(20)",
            "ALTER TABLE \"users\" ADD COLUMN \"score\" INT NOT NULL DEFAULT 0",
            "ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\"",
            "DROP INDEX \"users_old_index\"",
            "CREATE UNIQUE INDEX \"users_nick_unique\" ON \"users\" (\"nick\")",
            "CREATE INDEX \"by_score\" ON \"users\" (\"score\") WHERE score > 0",
        ], Text(Ddl.Compile(alter)));
    }

    [Theory]
    [InlineData("change")]
    [InlineData("drop")]
    [InlineData("foreign")]
    [InlineData("check")]
    [InlineData("dropunique")]
    [InlineData("timestamp")]
    public void What_may_need_a_rebuild_cannot_compile_without_the_table(string what)
    {
        var alter = Alter("users", t =>
        {
            _ = what switch
            {
                "change" => t.ChangeColumn("age", ColumnType.BigInteger),
                "drop" => Do(() => t.DropColumn("age")),
                "foreign" => Do(() => t.ForeignKey("team_id").References("teams")),
                "check" => Do(() => t.Check($"age > {0}")),
                "dropunique" => Do(() => t.DropUnique("users_email_unique")),
                _ => t.Timestamp("seen_at").DefaultCurrentTimestamp(),
            };
        });
        var e = Assert.Throws<NotSupportedException>(() => Ddl.Compile(alter));
        Assert.Contains("ToSqlAsync", e.Message);
        Assert.Contains("'users'", e.Message);
    }

    private static ColumnBuilder? Do(Action action)
    {
        action();
        return null;
    }

    private const string Users =
        "CREATE TABLE \"users\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" VARCHAR(200) NOT NULL, " +
        "\"role\" TEXT NOT NULL DEFAULT 'user' CONSTRAINT \"users_role_enum\" CHECK (\"role\" IN ('admin', 'user')), " +
        "\"team_id\" INT, CONSTRAINT \"users_email_unique\" UNIQUE (\"email\"), " +
        "CONSTRAINT \"users_team_id_foreign\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\" (\"id\") ON DELETE CASCADE, CONSTRAINT \"users_check\" CHECK (length(email) > 3))";

    [Fact]
    public void A_rebuild_applies_every_action_once_and_keeps_rows_indexes_triggers_views_and_the_sequence()
    {
        var alter = Alter("users", t =>
        {
            t.ChangeColumn("role", ColumnType.Enum(["admin", "user", "guest"])).Default("guest");
            t.DropColumn("team_id");
            t.String("nick", 20).Nullable().Unique();
        });
        var current = new SqliteTableDescription(Users,
            [
                new("index", "users_team_id_index", "users", "CREATE INDEX \"users_team_id_index\" ON \"users\" (\"team_id\") WHERE team_id > 0"),
                new("index", "users_role_index", "users", "CREATE INDEX users_role_index ON users(role)"),
            ],
            [
                new("trigger", "users_touch", "users", "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END"),
                new("view", "admins", "admins", "CREATE VIEW admins AS SELECT * FROM users WHERE role = 'admin'"),
                new("view", "admin_mails", "admin_mails", "CREATE VIEW admin_mails AS SELECT email FROM admins"),
                new("view", "unrelated", "unrelated", "CREATE VIEW unrelated AS SELECT 'users' AS users_text"),
                new("trigger", "posts_log", "posts", "CREATE TRIGGER posts_log AFTER INSERT ON posts BEGIN UPDATE \"users\" SET email = email; END"),
            ],
            ["posts", "users"]);
        Assert.Equal(
        [
            "DROP TRIGGER \"users_touch\"",
            "DROP TRIGGER \"posts_log\"",
            "DROP VIEW \"admin_mails\"",
            "DROP VIEW \"admins\"",
            "CREATE TABLE \"strata_rebuild_users\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" VARCHAR(200) NOT NULL, " +
            "\"role\" TEXT NOT NULL DEFAULT 'guest' CONSTRAINT \"users_role_enum\" CHECK (\"role\" IN ('admin', 'user', 'guest')), \"nick\" VARCHAR(20), " +
            "CONSTRAINT \"users_email_unique\" UNIQUE (\"email\"), CONSTRAINT \"users_check\" CHECK (length(email) > 3))",
            "INSERT INTO \"strata_rebuild_users\" (\"id\", \"email\", \"role\") SELECT \"id\", \"email\", \"role\" FROM \"users\"",
            "DELETE FROM sqlite_sequence WHERE name = 'strata_rebuild_users'",
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'strata_rebuild_users', seq FROM sqlite_sequence WHERE name = 'users'",
            "DROP TABLE \"users\"",
            "ALTER TABLE \"strata_rebuild_users\" RENAME TO \"users\"",
            "CREATE INDEX users_role_index ON users(role)",
            "CREATE UNIQUE INDEX \"users_nick_unique\" ON \"users\" (\"nick\")",
            "CREATE VIEW admins AS SELECT * FROM users WHERE role = 'admin'",
            "CREATE VIEW admin_mails AS SELECT email FROM admins",
            "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END",
            "CREATE TRIGGER posts_log AFTER INSERT ON posts BEGIN UPDATE \"users\" SET email = email; END",
            "PRAGMA foreign_key_check(\"users\")",
            "PRAGMA foreign_key_check(\"posts\")",
        ], Text(Ddl.CompileAlterTable(alter, current)));
    }

    [Fact]
    public void An_unused_column_is_dropped_in_place_and_a_used_one_by_a_rebuild_that_drops_what_uses_it()
    {
        Assert.Equal(["ALTER TABLE \"users\" DROP COLUMN \"role\""],
            Rebuild(Alter("users", t => t.DropColumn("role")), Users));
        var rebuilt = Rebuild(Alter("users", t => t.DropColumn("email")), Users,
            new SqliteSchemaObject("index", "users_email_lower", "users", "CREATE INDEX users_email_lower ON users (lower(\"email\"))"));
        Assert.Equal(
            "CREATE TABLE \"strata_rebuild_users\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, " +
            "\"role\" TEXT NOT NULL DEFAULT 'user' CONSTRAINT \"users_role_enum\" CHECK (\"role\" IN ('admin', 'user')), \"team_id\" INT, " +
            "CONSTRAINT \"users_team_id_foreign\" FOREIGN KEY (\"team_id\") REFERENCES \"teams\" (\"id\") ON DELETE CASCADE)", rebuilt[0]);
        Assert.DoesNotContain(rebuilt, s => s.Contains("users_email_lower", StringComparison.Ordinal));
        Assert.Equal("INSERT INTO \"strata_rebuild_users\" (\"id\", \"role\", \"team_id\") SELECT \"id\", \"role\", \"team_id\" FROM \"users\"", rebuilt[1]);
    }

    [Fact]
    public void Dropping_a_unique_drops_its_index_in_place_or_rebuilds_without_the_table_constraint()
    {
        Assert.Equal(["DROP INDEX \"users_nick_unique\""], Rebuild(Alter("users", t => t.DropUnique("users_nick_unique")), Users,
            new SqliteSchemaObject("index", "users_nick_unique", "users", "CREATE UNIQUE INDEX \"users_nick_unique\" ON \"users\" (\"nick\")")));
        var rebuilt = Rebuild(Alter("users", t => t.DropUnique("USERS_EMAIL_UNIQUE")), Users);
        Assert.DoesNotContain("UNIQUE", rebuilt[0], StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => Rebuild(Alter("users", t => t.DropUnique("nope")), Users));
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void Foreign_keys_and_checks_are_added_and_dropped_by_name_on_the_table_or_on_a_column()
    {
        const string sql = "CREATE TABLE t (a INT CONSTRAINT a_positive CHECK (a > 0) CONSTRAINT a_parent REFERENCES p (id), b INT, CHECK (b <> a))";
        var rebuilt = Rebuild(Alter("t", t =>
        {
            t.DropCheck("a_positive");
            t.DropForeignKey("a_parent");
            t.ForeignKey("b").References("q", "id").Named("t_b_q").OnDelete(ReferentialAction.SetNull);
            t.Check($"b < {100}").Named("b_small");
        }), sql);
        Assert.Equal("CREATE TABLE \"strata_rebuild_t\" (a INT, b INT, CHECK (b <> a), " +
            "CONSTRAINT \"t_b_q\" FOREIGN KEY (\"b\") REFERENCES \"q\" (\"id\") ON DELETE SET NULL, CONSTRAINT \"b_small\" CHECK (b < 100))", rebuilt[0]);
        Assert.Throws<InvalidOperationException>(() => Rebuild(Alter("t", t => t.DropForeignKey("t_a_foreign")), sql));
    }

    [Fact]
    public void Changing_a_column_keeps_its_other_constraints_and_every_other_item_exactly_as_written()
    {
        const string sql = "CREATE TABLE odd_table (\n  id INTEGER PRIMARY KEY, -- the key, (\n  name TEXT COLLATE NOCASE NOT NULL DEFAULT 'a,''(b' UNIQUE /* ) */,\n" +
            "  [x y] INT CHECK ([x y] IN (1, 2)), \"na,me\" TEXT, CONSTRAINT \"c,1\" CHECK (length(\"na,me\") < length(name))\n) WITHOUT ROWID";
        var statement = Alter("odd_table", t => t.ChangeColumn("NAME", ColumnType.String(50)).Nullable());
        Assert.Equal(
            "CREATE TABLE \"strata_rebuild_odd_table\" (id INTEGER PRIMARY KEY, -- the key, (\n  \"NAME\" VARCHAR(50) COLLATE NOCASE UNIQUE, " +
            "[x y] INT CHECK ([x y] IN (1, 2)), \"na,me\" TEXT, CONSTRAINT \"c,1\" CHECK (length(\"na,me\") < length(name))) WITHOUT ROWID",
            Text(Ddl.CompileAlterTable(statement, SqliteTableDescription.FromSql(sql)))[0]);
    }

    [Fact]
    public void A_rename_in_a_rebuild_rewrites_the_tables_own_references_and_is_refused_where_a_view_uses_the_column()
    {
        const string sql = "CREATE TABLE t (a INT, b INT, CONSTRAINT ab CHECK (a < b))";
        var alter = Alter("t", t =>
        {
            t.RenameColumn("a", "first");
            t.ChangeColumn("b", ColumnType.BigInteger);
        });
        var rebuilt = Rebuild(alter, sql, new SqliteSchemaObject("index", "t_a", "t", "CREATE INDEX t_a ON t (a) WHERE a > 0"));
        Assert.Equal("CREATE TABLE \"strata_rebuild_t\" (\"first\" INT, \"b\" BIGINT NOT NULL, CONSTRAINT ab CHECK (\"first\" < b))", rebuilt[0]);
        Assert.Equal("INSERT INTO \"strata_rebuild_t\" (\"first\", \"b\") SELECT \"a\", \"b\" FROM \"t\"", rebuilt[1]);
        Assert.Contains("CREATE INDEX t_a ON t (\"first\") WHERE \"first\" > 0", rebuilt);
        var e = Assert.Throws<NotSupportedException>(() => Rebuild(alter, sql, new SqliteSchemaObject("view", "v", "v", "CREATE VIEW v AS SELECT a FROM t")));
        Assert.Contains("own", e.Message);
        var dropped = Assert.Throws<NotSupportedException>(() => Rebuild(Alter("t", t => t.DropColumn("b")), sql,
            new SqliteSchemaObject("trigger", "tr", "t", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT NEW.b; END")));
        Assert.Contains("trigger 'tr'", dropped.Message);
    }

    [Fact]
    public void A_column_added_with_a_non_constant_default_rebuilds_and_copies_no_values_into_it()
    {
        var rebuilt = Rebuild(Alter("t", t => t.Timestamp("seen_at").DefaultCurrentTimestamp()), "CREATE TABLE t (a INT)");
        Assert.Equal("CREATE TABLE \"strata_rebuild_t\" (a INT, \"seen_at\" TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))", rebuilt[0]);
        Assert.Equal("INSERT INTO \"strata_rebuild_t\" (\"a\") SELECT \"a\" FROM \"t\"", rebuilt[1]);
    }

    [Fact]
    public void A_column_another_column_computes_from_cannot_be_dropped_alone()
    {
        const string sql = "CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2))";
        var e = Assert.Throws<NotSupportedException>(() => Rebuild(Alter("t", t => t.DropColumn("a")), sql));
        Assert.Contains("'b'", e.Message);
        var rebuilt = Rebuild(Alter("t", t =>
        {
            t.Integer("c").Nullable();
            t.DropColumn("b", "a");
        }), sql);
        Assert.Equal(["ALTER TABLE \"t\" ADD COLUMN \"c\" INT", "ALTER TABLE \"t\" DROP COLUMN \"b\"", "ALTER TABLE \"t\" DROP COLUMN \"a\""], rebuilt);
    }
}
