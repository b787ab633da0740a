using Strata.IntegrationTests.Infrastructure;
using Strata.MySql;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.IntegrationTests;

/// <summary>The MySQL schema compiler and introspector against MariaDB 10.11.</summary>
public class MySqlSchemaTests
{
    private static readonly MySqlDdlCompiler Compiler = MySqlDdlCompiler.Instance;
    private static readonly DateTime Stamp = new(2024, 1, 2, 3, 4, 5, 500);
    private static readonly DateTimeOffset Instant = new(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
    private static readonly Guid SomeGuid = new("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private const string Tricky = "it's a\\b 'c'";

    public sealed record Row(
        int Id, Guid Guid, string Name, string? Body, int Count, long Big, short Small, decimal Price, float Ratio, double Score,
        bool Active, DateOnly Day, TimeOnly At, DateTime Local, DateTimeOffset Instant, DateTime Naive, string? Doc, byte[]? Data, string State);

    private static void EveryKind(TableBuilder t)
    {
        t.Increments("id");
        t.Uuid("guid").Default(SomeGuid);
        t.String("name", 40).Default(Tricky);
        t.Text("body").Nullable().Default("long\\text");
        t.Integer("count").Default(-3);
        t.BigInteger("big").Default(9_000_000_000L);
        t.SmallInteger("small").Default((short)7);
        t.Decimal("price", 10, 2).Default(1.5m);
        t.Float("ratio").Default(0.25f);
        t.Double("score").Default(1e20);
        t.Boolean("active").Default(true);
        t.Date("day").Default(new DateOnly(2024, 1, 2));
        t.Time("at").Default(new TimeOnly(3, 4, 5, 6));
        t.DateTime("local").Default(Stamp);
        t.Timestamp("instant").Default(Instant);
        t.Timestamp("naive", withTimeZone: false).DefaultCurrentTimestamp();
        t.Json("doc").Nullable().Default("{\"a\": 1}");
        t.Binary("data").Nullable().Default(new byte[] { 0, 0xFF, 0x27, 0x5C });
        t.Enum("state", "new", "it's").Default("it's");
    }

    [Fact]
    public async Task A_table_with_every_kind_takes_values_and_defaults_and_reads_them_back()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var table = TestDatabase.Table("ms_kinds");
        try
        {
            await database.Schema.CreateTable(table, EveryKind).ExecuteAsync();
            var t = Sql.Identifier(table);
            await database.ExecuteAsync($"INSERT INTO {t} (guid) VALUES ({SomeGuid})");
            var guid = Guid.NewGuid();
            var local = new DateTime(2023, 5, 6, 7, 8, 9, 123);
            var instant = new DateTimeOffset(2023, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5));
            await database.ExecuteAsync(
                $"""
                INSERT INTO {t} (guid, name, body, count, big, small, price, ratio, score, active, day, at, local, instant, naive, doc, data, state)
                VALUES ({guid}, {"x"}, {(string?)null}, {1}, {2L}, {(short)3}, {4.25m}, {0.5f}, {0.125}, {false}, {new DateOnly(2023, 5, 6)}, {new TimeOnly(7, 8, 9)},
                        {local}, {instant}, {local}, {"[1, 2]"}, {new byte[] { 1, 2 }}, {"new"})
                """);

            var rows = await database.QueryAsync<Row>($"SELECT * FROM {t} ORDER BY id");

            // Ids, the current-timestamp default and the bytes (compared by reference in a record) are checked apart.
            var defaults = rows[0];
            Assert.Equal(new Row(0, SomeGuid, Tricky, "long\\text", -3, 9_000_000_000L, 7, 1.5m, 0.25f, 1e20, true, new DateOnly(2024, 1, 2),
                new TimeOnly(3, 4, 5, 6), Stamp, Instant, default, "{\"a\": 1}", null, "it's"), defaults with { Id = 0, Naive = default, Data = null });
            Assert.True(defaults.Naive > DateTime.UtcNow.AddDays(-2));
            Assert.Equal(new byte[] { 0, 0xFF, 0x27, 0x5C }, defaults.Data);
            var given = rows[1];
            Assert.Equal(new Row(0, guid, "x", null, 1, 2, 3, 4.25m, 0.5f, 0.125, false, new DateOnly(2023, 5, 6), new TimeOnly(7, 8, 9), local, instant, local,
                "[1, 2]", null, "new"), given with { Id = 0, Data = null });
            Assert.Equal(new byte[] { 1, 2 }, given.Data);
            Assert.True(rows[1].Id > rows[0].Id);
        }
        finally
        {
            await database.Schema.DropTableIfExists(table).ExecuteAsync();
        }
    }

    [Fact]
    public async Task Introspection_reports_what_was_declared()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var parent = TestDatabase.Table("ms_parent");
        var child = TestDatabase.Table("ms_child");
        try
        {
            await database.Schema.CreateTable(parent, t =>
            {
                t.BigIncrements("id");
                t.Integer("a");
                t.Integer("b");
                t.Unique("a", "b").Named(parent + "_ab");
            }).ExecuteAsync();
            await database.Schema.CreateTable(child, t =>
            {
                EveryKind(t);
                t.BigInteger("p_no_action").Nullable().References(parent).ForeignKeyName(child + "_fk1");
                t.BigInteger("p_restrict").Nullable().References(parent).OnDelete(ReferentialAction.Restrict).OnUpdate(ReferentialAction.Cascade).ForeignKeyName(child + "_fk2");
                t.BigInteger("p_cascade").Nullable().References(parent).OnDelete(ReferentialAction.Cascade).OnUpdate(ReferentialAction.SetNull).ForeignKeyName(child + "_fk3");
                t.Integer("ra").Nullable();
                t.Integer("rb").Nullable();
                t.ForeignKey("ra", "rb").References(parent, "a", "b").OnDelete(ReferentialAction.SetNull).Named(child + "_fk4");
                t.String("code", 10).Nullable().Unique(child + "_code");
                t.String("lower", 20).Nullable().DefaultSql(Sql.Raw("lower('X')"));
                t.Index("count", "small").Named(child + "_count_small");
                t.Index("big").Unique().Named(child + "_big");
                t.Check($"count > {-100}").Named(child + "_count_check");
            }).ExecuteAsync();

            var schema = await database.Schema.IntrospectTableAsync(child);

            Assert.NotNull(schema);
            Assert.Equal(child, schema.Name);
            Assert.Equal("strata_test", schema.Schema);
            var expected = new (string Name, string Type, Type Clr, bool Nullable, object? Default, ColumnType Kind)[]
            {
                ("guid", "char(36)", typeof(Guid), false, SomeGuid, ColumnType.Uuid),
                ("name", "varchar(40)", typeof(string), false, Tricky, ColumnType.String(40)),
                ("body", "longtext", typeof(string), true, "long\\text", ColumnType.Text),
                ("count", "int(11)", typeof(int), false, -3, ColumnType.Integer),
                ("big", "bigint(20)", typeof(long), false, 9_000_000_000L, ColumnType.BigInteger),
                ("small", "smallint(6)", typeof(short), false, (short)7, ColumnType.SmallInteger),
                ("price", "decimal(10,2)", typeof(decimal), false, 1.5m, ColumnType.Decimal(10, 2)),
                ("ratio", "float", typeof(float), false, 0.25f, ColumnType.Float),
                ("score", "double", typeof(double), false, 1e20, ColumnType.Double),
                ("active", "tinyint(1)", typeof(bool), false, true, ColumnType.Boolean),
                ("day", "date", typeof(DateOnly), false, new DateOnly(2024, 1, 2), ColumnType.Date),
                ("at", "time(6)", typeof(TimeOnly), false, new TimeOnly(3, 4, 5, 6), ColumnType.Time),
                ("local", "datetime(6)", typeof(DateTime), false, Stamp, ColumnType.DateTime),
                ("instant", "datetime(6)", typeof(DateTime), false, Instant, ColumnType.Timestamp()),
                ("doc", "json", typeof(string), true, "{\"a\": 1}", ColumnType.Json),
                ("data", "longblob", typeof(byte[]), true, new byte[] { 0, 0xFF, 0x27, 0x5C }, ColumnType.Binary),
                ("state", "enum('new','it''s')", typeof(string), false, "it's", ColumnType.Enum(["new", "it's"])),
            };
            foreach (var (name, type, clr, nullable, value, kind) in expected)
            {
                var column = schema.FindColumn(name);
                Assert.NotNull(column);
                Assert.Equal((name, type, clr, nullable, false), (column.Name, column.DatabaseType, column.ClrType, column.IsNullable, column.IsAutoIncrement));
                Assert.Equal(Compiler.Literal(value, kind), column.DefaultSql);
            }
            var id = schema.Columns[0];
            Assert.Equal(("id", "int(11)", typeof(int), false, true, (string?)null), (id.Name, id.DatabaseType, id.ClrType, id.IsNullable, id.IsAutoIncrement, id.DefaultSql));
            Assert.Equal(40, schema.FindColumn("name")!.MaxLength);
            Assert.Equal((10, 2), (schema.FindColumn("price")!.Precision, schema.FindColumn("price")!.Scale));
            Assert.Equal("current_timestamp(6)", schema.FindColumn("naive")!.DefaultSql);
            Assert.Equal("lcase('X')", schema.FindColumn("lower")!.DefaultSql);
            Assert.Null(schema.FindColumn("code")!.DefaultSql);
            Assert.Equal(["id", "guid", "name"], schema.Columns.Take(3).Select(c => c.Name));

            Assert.Equal("PRIMARY", schema.PrimaryKey!.Name);
            Assert.Equal(["id"], schema.PrimaryKey.Columns);
            Assert.Equal([child + "_big", child + "_code"], schema.UniqueConstraints.Select(u => u.Name));
            // Ordered by name; InnoDB's own index for each foreign key is named like the key.
            Assert.Equal(
                [$"{child}_big (big) unique", $"{child}_code (code) unique", $"{child}_count_small (count,small)", $"{child}_fk1 (p_no_action)",
                 $"{child}_fk2 (p_restrict)", $"{child}_fk3 (p_cascade)", $"{child}_fk4 (ra,rb)"],
                schema.Indexes.Select(i => $"{i.Name} ({string.Join(",", i.Columns)}){(i.IsUnique ? " unique" : "")}{i.Filter}"));
            Assert.Equal(
                [$"{child}_fk1 (p_no_action) {parent} (id) NoAction NoAction", $"{child}_fk2 (p_restrict) {parent} (id) Restrict Cascade",
                 $"{child}_fk3 (p_cascade) {parent} (id) Cascade SetNull", $"{child}_fk4 (ra,rb) {parent} (a,b) SetNull NoAction"],
                schema.ForeignKeys.Select(k => $"{k.Name} ({string.Join(",", k.Columns)}) {k.ReferencedTable} ({string.Join(",", k.ReferencedColumns)}) {k.OnDelete} {k.OnUpdate}"));

            // The JSON column's json_valid check is MariaDB's, not a declared one.
            var check = Assert.Single(schema.CheckConstraints);
            Assert.Equal(child + "_count_check", check.Name);
            Assert.Equal("`count` > -100", check.Expression);

            var parentSchema = await database.Schema.IntrospectTableAsync("strata_test." + parent);
            Assert.NotNull(parentSchema);
            Assert.Equal(["a", "b"], Assert.Single(parentSchema.UniqueConstraints).Columns);
            Assert.True(parentSchema.Columns[0].IsAutoIncrement);
            Assert.Equal(typeof(long), parentSchema.Columns[0].ClrType);
        }
        finally
        {
            await database.Schema.DropTableIfExists(child).ExecuteAsync();
            await database.Schema.DropTableIfExists(parent).ExecuteAsync();
        }
    }

    [Fact]
    public async Task The_whole_database_lists_tables_and_views_by_name()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var table = TestDatabase.Table("ms_list");
        var view = table + "_v";
        try
        {
            await database.Schema.CreateTable(table, t =>
            {
                t.Increments();
                t.Json("doc").Nullable();
            }).ExecuteAsync();
            await database.ExecuteAsync($"CREATE VIEW {Sql.Identifier(view)} AS SELECT id, doc FROM {Sql.Identifier(table)}");

            var schema = await database.Schema.IntrospectAsync();

            Assert.Equal(schema.Tables.Select(t => t.Name).Order(StringComparer.Ordinal), schema.Tables.Select(t => t.Name));
            var found = schema.FindTable(table);
            Assert.NotNull(found);
            Assert.Equal("json", found.FindColumn("doc")!.DatabaseType);
            Assert.Empty(found.CheckConstraints);
            var foundView = Assert.Single(schema.Views, v => v.Name == view);
            Assert.Equal(["id", "doc"], foundView.Columns.Select(c => c.Name));
            Assert.Contains("select", foundView.Definition, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(schema.Tables, t => t.Name == view);
            Assert.Null(await database.Schema.IntrospectTableAsync(view));
            Assert.Null(await database.Schema.IntrospectTableAsync(table + "_missing"));
            Assert.True(await database.Schema.HasColumnAsync(table, "doc"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP VIEW IF EXISTS {Sql.Identifier(view)}");
            await database.Schema.DropTableIfExists(table).ExecuteAsync();
        }
    }

    [Fact]
    public async Task Every_alter_action_runs_as_one_statement()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var parent = TestDatabase.Table("ms_team");
        var table = TestDatabase.Table("ms_alter");
        try
        {
            await database.Schema.CreateTable(parent, t => t.Increments()).ExecuteAsync();
            await database.Schema.CreateTable(table, t =>
            {
                t.Increments();
                t.String("mail", 50);
                t.String("login", 20).Unique(table + "_login");
                t.Integer("age").Index(table + "_age");
                t.Integer("team_id").Nullable().References(parent).ForeignKeyName(table + "_team");
                t.Integer("legacy").Nullable();
                t.Enum("kind", "a", "b");
                t.Integer("renamed").Nullable();
                t.Check($"age < {200}").Named(table + "_age_max");
            }).ExecuteAsync();
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (mail, login, age, kind) VALUES ({"m@x"}, {"l"}, {30}, {"b"})");

            var operation = database.Schema.AlterTable(table, t =>
            {
                t.String("nick", 30).Nullable().Default("n\\a'k").Unique(table + "_nick");
                t.Json("prefs").Nullable();
                t.DropColumn("legacy");
                t.RenameColumn("mail", "email");
                t.ChangeColumn("age", ColumnType.BigInteger).Nullable().Default(18);
                t.ChangeColumn("kind", ColumnType.Enum(["a", "b", "c"])).Default("c");
                t.RenameColumn("renamed", "again");
                t.ChangeColumn("again", ColumnType.String(10)).Nullable();
                t.DropUnique(table + "_login");
                t.DropIndex(table + "_age");
                t.DropForeignKey(table + "_team");
                t.DropCheck(table + "_age_max");
                t.Index("email").Named(table + "_email");
                t.Unique("email", "nick").Named(table + "_email_nick");
                t.ForeignKey("team_id").References(parent).OnDelete(ReferentialAction.SetNull).Named(table + "_team2");
                t.Check($"age >= {0}").Named(table + "_age_min");
            });
            Assert.Single(await operation.ToSqlAsync());
            await operation.ExecuteAsync();

            var schema = (await database.Schema.IntrospectTableAsync(table))!;
            Assert.Equal(["id", "email", "login", "age", "team_id", "kind", "again", "nick", "prefs"], schema.Columns.Select(c => c.Name));
            Assert.Equal("'n\\\\a''k'", schema.FindColumn("nick")!.DefaultSql);
            Assert.Equal("json", schema.FindColumn("prefs")!.DatabaseType);
            var age = schema.FindColumn("age")!;
            Assert.Equal(("bigint(20)", true, "18"), (age.DatabaseType, age.IsNullable, age.DefaultSql));
            Assert.Equal(("enum('a','b','c')", "'c'"), (schema.FindColumn("kind")!.DatabaseType, schema.FindColumn("kind")!.DefaultSql));
            Assert.Equal(("varchar(10)", true), (schema.FindColumn("again")!.DatabaseType, schema.FindColumn("again")!.IsNullable));
            Assert.Equal([table + "_email_nick", table + "_nick"], schema.UniqueConstraints.Select(u => u.Name));
            var indexes = schema.Indexes.Select(i => i.Name).ToList();
            Assert.Contains(table + "_email", indexes);
            Assert.DoesNotContain(table + "_age", indexes);
            Assert.DoesNotContain(table + "_login", indexes);
            var key = Assert.Single(schema.ForeignKeys);
            Assert.Equal((table + "_team2", ReferentialAction.SetNull, ReferentialAction.NoAction), (key.Name, key.OnDelete, key.OnUpdate));
            Assert.Equal([table + "_age_min"], schema.CheckConstraints.Select(c => c.Name));

            var row = await database.QuerySingleAsync<(string, long, string)>($"SELECT email, age, kind FROM {Sql.Identifier(table)}");
            Assert.Equal(("m@x", 30L, "b"), row);
        }
        finally
        {
            await database.Schema.DropTableIfExists(table).ExecuteAsync();
            await database.Schema.DropTableIfExists(parent).ExecuteAsync();
        }
    }

    [Fact]
    public async Task A_failing_alteration_leaves_the_table_unchanged()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var table = TestDatabase.Table("ms_fail");
        try
        {
            await database.Schema.CreateTable(table, t =>
            {
                t.Increments();
                t.Integer("qty");
                t.String("name", 20).Index(table + "_name");
            }).ExecuteAsync();
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (qty, name) VALUES ({5}, {"a"})");
            var before = await database.Schema.IntrospectTableAsync(table);

            // The new check fails on the existing row, after the earlier actions would have applied.
            var error = await Assert.ThrowsAnyAsync<DatabaseException>(() => database.Schema.AlterTable(table, t =>
            {
                t.Integer("extra").Nullable();
                t.DropIndex(table + "_name");
                t.RenameColumn("name", "title");
                t.Check($"qty > {10}").Named(table + "_qty");
            }).ExecuteAsync());
            Assert.Contains(table + "_qty", error.Message, StringComparison.Ordinal);

            var after = await database.Schema.IntrospectTableAsync(table);
            Assert.Equal(before!.Columns, after!.Columns);
            Assert.Equal(before.Indexes.Select(i => i.Name), after.Indexes.Select(i => i.Name));
            Assert.Empty(after.CheckConstraints);
        }
        finally
        {
            await database.Schema.DropTableIfExists(table).ExecuteAsync();
        }
    }

    [Fact]
    public async Task String_defaults_read_back_exactly_in_both_backslash_modes()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        const string value = "a\\b'c";
        var plain = TestDatabase.Table("ms_esc");
        var noEscapes = TestDatabase.Table("ms_noesc");
        try
        {
            await AssertRoundTripAsync(database, plain, value, "DEFAULT 'a\\\\b''c'");

            await using var session = await database.OpenSessionAsync();
            await session.ExecuteAsync($"SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
            try
            {
                await AssertRoundTripAsync(session, noEscapes, value, "DEFAULT 'a\\b''c'");
                var column = (await session.Schema.IntrospectTableAsync(noEscapes))!.FindColumn("s")!;
                // Introspection writes the literal for the default mode, whatever the session's mode.
                Assert.Equal(Compiler.Literal(value), column.DefaultSql);
            }
            finally
            {
                await session.ExecuteAsync($"SET SESSION sql_mode = DEFAULT");
            }
        }
        finally
        {
            await database.Schema.DropTableIfExists(plain).ExecuteAsync();
            await database.Schema.DropTableIfExists(noEscapes).ExecuteAsync();
        }
    }

    private static async Task AssertRoundTripAsync(IDbSession session, string table, string value, string expectedDefault)
    {
        var create = session.Schema.CreateTable(table, t =>
        {
            t.Increments();
            t.String("s", 20).Default(value);
            t.Text("t").Default(value);
            t.Enum("e", value, "x").Default(value);
            t.String("tail", 20).Default("x\\");
            t.Integer("n").Default(0).Check($"s <> {value + "!"}");
        });
        Assert.Contains(expectedDefault, Assert.Single(await create.ToSqlAsync()), StringComparison.Ordinal);
        await create.ExecuteAsync();
        await session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (n) VALUES ({1})");
        var row = await session.QuerySingleAsync<(string, string, string, string)>($"SELECT s, t, e, tail FROM {Sql.Identifier(table)}");
        Assert.Equal((value, value, value, "x\\"), row);
        await session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (s, e) VALUES ({"x"}, {"x"})");
        // The value is built on the server: MySqlConnector escapes string parameters for the default sql_mode
        // unless its connection string says NoBackslashEscapes=true.
        await Assert.ThrowsAsync<CheckViolationException>(() =>
            session.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (s) SELECT CONCAT(s, '!') FROM {Sql.Identifier(table)} WHERE n = 1"));
    }

    [Fact]
    public async Task Tables_and_indexes_are_created_renamed_and_dropped()
    {
        await using var database = await TestDatabase.OpenAsync(Db.MariaDb);
        var table = TestDatabase.Table("ms_ops");
        var renamed = table + "_r";
        try
        {
            var create = database.Schema.CreateTableIfNotExists(table, t =>
            {
                t.Increments();
                t.Integer("a").Index();
            });
            Assert.Single(await create.ToSqlAsync());
            await create.ExecuteAsync();
            await create.ExecuteAsync();

            await database.Schema.CreateIndex(table, ["a", "id"], name: table + "_a_id", unique: true).ExecuteAsync();
            await database.Schema.RenameTable("strata_test." + table, renamed).ExecuteAsync();
            Assert.False(await database.Schema.HasTableAsync(table));
            var schema = (await database.Schema.IntrospectTableAsync(renamed))!;
            Assert.Equal([table + "_a_id", table + "_a_index"], schema.Indexes.Select(i => i.Name));
            Assert.True(schema.Indexes[0].IsUnique);

            await database.Schema.DropIndex(renamed, table + "_a_id").ExecuteAsync();
            await database.Schema.DropIndex(renamed, table + "_a_id", ifExists: true).ExecuteAsync();
            Assert.Equal([table + "_a_index"], (await database.Schema.IntrospectTableAsync(renamed))!.Indexes.Select(i => i.Name));

            await Assert.ThrowsAsync<NotSupportedException>(() => database.Schema.CreateIndex(renamed, ["a"], where: $"a > {0}").ExecuteAsync());
            await Assert.ThrowsAsync<NotSupportedException>(() => database.Schema.AlterTable(renamed, t =>
                t.Integer("p").Nullable().References(renamed).OnDelete(ReferentialAction.SetDefault)).ExecuteAsync());

            await database.Schema.DropTable(renamed).ExecuteAsync();
            Assert.False(await database.Schema.HasTableAsync(renamed));
        }
        finally
        {
            await database.Schema.DropTableIfExists(table).ExecuteAsync();
            await database.Schema.DropTableIfExists(renamed).ExecuteAsync();
        }
    }
}
