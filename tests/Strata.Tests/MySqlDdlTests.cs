using Strata.MySql;
using Strata.Schema;

namespace Strata.Tests;

/// <summary>Golden SQL for the MySQL/MariaDB schema compiler.</summary>
public class MySqlDdlTests
{
    private static readonly MySqlDialect Dialect = new();

    private static string[] Compile(SchemaStatement statement, MySqlDdlCompiler? compiler = null) =>
        [.. (compiler ?? MySqlDdlCompiler.Instance).Compile(statement).Select(s => s.Render(Dialect).Text)];

    private static string Single(SchemaStatement statement, MySqlDdlCompiler? compiler = null) => Assert.Single(Compile(statement, compiler));

    private static CreateTableStatement Create(string table, Action<TableBuilder> define, bool ifNotExists = false)
    {
        var builder = new TableBuilder(table);
        define(builder);
        return builder.Build(ifNotExists);
    }

    private static AlterTableStatement Alter(string table, Action<AlterTableBuilder> define)
    {
        var builder = new AlterTableBuilder(table);
        define(builder);
        return builder.Build();
    }

    [Fact]
    public void Create_table_with_every_kind_is_one_InnoDB_statement()
    {
        var sql = Single(Create("things", t =>
        {
            t.Increments("id");
            t.Uuid("guid");
            t.String("name", 100);
            t.Text("body").Nullable();
            t.Integer("count");
            t.BigInteger("big");
            t.SmallInteger("small");
            t.Decimal("price", 10, 2);
            t.Float("ratio");
            t.Double("score");
            t.Boolean("active");
            t.Date("day");
            t.Time("at");
            t.DateTime("local");
            t.Timestamp("instant");
            t.Timestamp("naive", withTimeZone: false);
            t.Json("doc").Nullable();
            t.Binary("data").Nullable();
            t.Enum("state", "new", "it's");
        }));
        Assert.Equal(
            "CREATE TABLE `things` (`id` INT NOT NULL AUTO_INCREMENT, `guid` CHAR(36) NOT NULL, `name` VARCHAR(100) NOT NULL, `body` LONGTEXT, " +
            "`count` INT NOT NULL, `big` BIGINT NOT NULL, `small` SMALLINT NOT NULL, `price` DECIMAL(10,2) NOT NULL, `ratio` FLOAT NOT NULL, " +
            "`score` DOUBLE NOT NULL, `active` TINYINT(1) NOT NULL, `day` DATE NOT NULL, `at` TIME(6) NOT NULL, `local` DATETIME(6) NOT NULL, " +
            "`instant` DATETIME(6) NOT NULL, `naive` DATETIME(6) NOT NULL, `doc` JSON, `data` LONGBLOB, `state` ENUM('new','it''s') NOT NULL, " +
            "PRIMARY KEY (`id`)) ENGINE=InnoDB",
            sql);
    }

    [Fact]
    public void Big_increments_is_a_signed_bigint_key()
    {
        Assert.Equal("CREATE TABLE `t` (`id` BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB", Single(Create("t", t => t.BigIncrements())));
    }

    [Fact]
    public void Create_table_writes_keys_constraints_and_indexes_in_its_body()
    {
        var sql = Single(Create("app.lines", t =>
        {
            t.Integer("order_id");
            t.Integer("line");
            t.String("sku", 20).Unique().Index();
            t.Integer("qty").Check($"qty > {0}");
            t.Integer("parent_id").Nullable().References("app.orders").OnDelete(ReferentialAction.Cascade).OnUpdate(ReferentialAction.Restrict);
            t.Integer("other_id").Nullable().References("others", "key");
            t.PrimaryKey("order_id", "line");
            t.Unique("order_id", "sku").Named("lines_order_sku");
            t.Index("line", "qty").Named("lines_line_qty").Unique();
            t.Check($"line <= {1000}");
        }, ifNotExists: true));
        Assert.Equal(
            "CREATE TABLE IF NOT EXISTS `app`.`lines` (`order_id` INT NOT NULL, `line` INT NOT NULL, `sku` VARCHAR(20) NOT NULL, `qty` INT NOT NULL, " +
            "`parent_id` INT, `other_id` INT, PRIMARY KEY (`order_id`, `line`), " +
            "CONSTRAINT `lines_sku_unique` UNIQUE (`sku`), CONSTRAINT `lines_order_sku` UNIQUE (`order_id`, `sku`), " +
            "CONSTRAINT `lines_parent_id_foreign` FOREIGN KEY (`parent_id`) REFERENCES `app`.`orders` (`id`) ON DELETE CASCADE ON UPDATE RESTRICT, " +
            "CONSTRAINT `lines_other_id_foreign` FOREIGN KEY (`other_id`) REFERENCES `others` (`key`) ON DELETE NO ACTION ON UPDATE NO ACTION, " +
            "CONSTRAINT `lines_qty_check` CHECK (qty > 0), CONSTRAINT `lines_check` CHECK (line <= 1000), " +
            "INDEX `lines_sku_index` (`sku`), UNIQUE INDEX `lines_line_qty` (`line`, `qty`)) ENGINE=InnoDB",
            sql);
    }

    [Fact]
    public void Defaults_of_each_kind()
    {
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, 500);
        var sql = Single(Create("d", t =>
        {
            t.String("s").Default("it's a\\b");
            t.Text("txt").Default("x");
            t.Json("doc").Default("{}");
            t.Binary("bin").Default(new byte[] { 0, 0xFF, 0x27 });
            t.Text("none").Nullable().Default(null);
            t.Boolean("yes").Default(true);
            t.Boolean("no").Default(false);
            t.Decimal("price", 10, 2).Default(1.5m);
            t.Decimal("whole", 8, 3).Default(2);
            t.Double("dbl").Default(0.25);
            t.Integer("n").Default(-3);
            t.Date("day").Default(new DateOnly(2024, 1, 2));
            t.Date("day2").Default(stamp);
            t.Time("at").Default(new TimeOnly(3, 4, 5));
            t.DateTime("local").Default(stamp);
            t.Timestamp("instant").Default(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
            t.Uuid("guid").Default(new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
            t.Enum("state", "a", "b").Default("b");
            t.Timestamp("created").DefaultCurrentTimestamp();
            t.Date("today").DefaultCurrentTimestamp();
            t.Time("now").DefaultCurrentTimestamp();
            t.String("lower").DefaultSql(Sql.Raw("lower('X')"));
        }));
        Assert.Equal(
            "CREATE TABLE `d` (`s` VARCHAR(255) NOT NULL DEFAULT 'it''s a\\\\b', `txt` LONGTEXT NOT NULL DEFAULT ('x'), `doc` JSON NOT NULL DEFAULT ('{}'), " +
            "`bin` LONGBLOB NOT NULL DEFAULT (X'00FF27'), `none` LONGTEXT DEFAULT NULL, `yes` TINYINT(1) NOT NULL DEFAULT 1, `no` TINYINT(1) NOT NULL DEFAULT 0, " +
            "`price` DECIMAL(10,2) NOT NULL DEFAULT 1.50, `whole` DECIMAL(8,3) NOT NULL DEFAULT 2.000, `dbl` DOUBLE NOT NULL DEFAULT 0.25, `n` INT NOT NULL DEFAULT -3, " +
            "`day` DATE NOT NULL DEFAULT '2024-01-02', `day2` DATE NOT NULL DEFAULT '2024-01-02', `at` TIME(6) NOT NULL DEFAULT '03:04:05.000000', " +
            "`local` DATETIME(6) NOT NULL DEFAULT '2024-01-02 03:04:05.500000', `instant` DATETIME(6) NOT NULL DEFAULT '2024-01-02 01:04:05.000000', " +
            "`guid` CHAR(36) NOT NULL DEFAULT '6f9619ff-8b86-d011-b42d-00c04fc964ff', `state` ENUM('a','b') NOT NULL DEFAULT 'b', " +
            "`created` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `today` DATE NOT NULL DEFAULT (CURRENT_DATE), `now` TIME(6) NOT NULL DEFAULT (CURRENT_TIME(6)), " +
            "`lower` VARCHAR(255) NOT NULL DEFAULT (lower('X'))) ENGINE=InnoDB",
            sql);
    }

    [Fact]
    public void String_literals_double_backslashes_only_when_the_server_treats_them_as_escapes()
    {
        Assert.Equal("'a\\\\b''c'", MySqlDdlCompiler.Instance.Literal("a\\b'c"));
        Assert.Equal("'a\\b''c'", MySqlDdlCompiler.WithoutBackslashEscapes.Literal("a\\b'c"));
        Assert.True(MySqlDdlCompiler.Instance.BackslashEscapes);
        Assert.False(MySqlDdlCompiler.WithoutBackslashEscapes.BackslashEscapes);

        var create = Create("t", t => t.Enum("e", "a\\b", "c'd").Default("a\\b"));
        Assert.Equal("CREATE TABLE `t` (`e` ENUM('a\\\\b','c''d') NOT NULL DEFAULT 'a\\\\b') ENGINE=InnoDB", Single(create));
        Assert.Equal("CREATE TABLE `t` (`e` ENUM('a\\b','c''d') NOT NULL DEFAULT 'a\\b') ENGINE=InnoDB", Single(create, MySqlDdlCompiler.WithoutBackslashEscapes));

        var check = Create("t", t => t.String("s").Check($"s <> {"x\\'y"}"));
        Assert.Equal("CREATE TABLE `t` (`s` VARCHAR(255) NOT NULL, CONSTRAINT `t_s_check` CHECK (s <> 'x\\\\''y')) ENGINE=InnoDB", Single(check));
        Assert.Equal("CREATE TABLE `t` (`s` VARCHAR(255) NOT NULL, CONSTRAINT `t_s_check` CHECK (s <> 'x\\''y')) ENGINE=InnoDB", Single(check, MySqlDdlCompiler.WithoutBackslashEscapes));
    }

    [Fact]
    public void The_sql_mode_chooses_the_compiler()
    {
        Assert.Same(MySqlDdlCompiler.Instance, MySqlDdlCompiler.ForSqlMode(null));
        Assert.Same(MySqlDdlCompiler.Instance, MySqlDdlCompiler.ForSqlMode("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"));
        Assert.Same(MySqlDdlCompiler.WithoutBackslashEscapes, MySqlDdlCompiler.ForSqlMode("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES"));
        Assert.Same(MySqlDdlCompiler.WithoutBackslashEscapes, MySqlDdlCompiler.ForSqlMode("no_backslash_escapes"));
    }

    [Fact]
    public void Literals_of_each_type()
    {
        var c = MySqlDdlCompiler.Instance;
        Assert.Equal("NULL", c.Literal(null));
        Assert.Equal("1", c.Literal(true));
        Assert.Equal("0", c.Literal(false));
        Assert.Equal("42", c.Literal(42L));
        Assert.Equal("1.5", c.Literal(1.5m));
        Assert.Equal("1.50", c.Literal(1.5m, ColumnType.Decimal(10, 2)));
        Assert.Equal("1.555", c.Literal(1.555m, ColumnType.Decimal(10, 2)));
        Assert.Equal("0.1", c.Literal(0.1f));
        Assert.Equal("1E+20", c.Literal(1e20));
        Assert.Equal("'2024-01-02'", c.Literal(new DateOnly(2024, 1, 2)));
        Assert.Equal("'23:59:58.123456'", c.Literal(new TimeOnly(23, 59, 58, 123, 456)));
        Assert.Equal("'2024-01-02 03:04:05.123456'", c.Literal(new DateTime(2024, 1, 2, 3, 4, 5, 123, 456).AddTicks(7)));
        Assert.Equal("'2024-01-02'", c.Literal(new DateTime(2024, 1, 2, 3, 4, 5), ColumnType.Date));
        // An instant is written as its UTC time, as the driver writes DateTimeOffset parameters.
        Assert.Equal("'2024-01-01 22:34:05.000000'", c.Literal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(4.5))));
        Assert.Equal("'6f9619ff-8b86-d011-b42d-00c04fc964ff'", c.Literal(new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff")));
        Assert.Equal("X'00FF5C27'", c.Literal(new byte[] { 0, 0xFF, 0x5C, 0x27 }));
        Assert.Equal("X''", c.Literal(Array.Empty<byte>()));
        Assert.Equal("'Friday'", c.Literal(DayOfWeek.Friday, ColumnType.Enum(["Friday"])));
        Assert.Equal("5", c.Literal(DayOfWeek.Friday));
        Assert.Throws<ArgumentException>(() => c.Literal(double.NaN));
        Assert.Throws<ArgumentException>(() => c.Literal("a\0b"));
    }

    [Fact]
    public void Every_alter_action_is_one_statement()
    {
        var sql = Single(Alter("app.users", t =>
        {
            t.String("nick", 30).Nullable().Default("n\\a").Unique();
            t.Json("prefs").Nullable();
            t.DropColumn("legacy", "old");
            t.RenameColumn("mail", "email");
            t.ChangeColumn("age", ColumnType.SmallInteger).Nullable().Default(0);
            t.ChangeColumn("kind", ColumnType.Enum(["a", "b", "c"])).Default("a");
            t.DropUnique("users_login_unique");
            t.DropIndex("users_age_index");
            t.DropForeignKey("users_team_id_foreign");
            t.DropCheck("users_age_check");
            t.Index("email").Named("users_email_idx");
            t.Unique("email", "nick").Named("users_email_nick");
            t.ForeignKey("team_id").References("teams").OnDelete(ReferentialAction.SetNull);
            t.Check($"age >= {0}").Named("users_age_positive");
        }));
        Assert.Equal(
            "ALTER TABLE `app`.`users` ADD COLUMN `nick` VARCHAR(30) DEFAULT 'n\\\\a', ADD COLUMN `prefs` JSON, DROP COLUMN `legacy`, DROP COLUMN `old`, " +
            "RENAME COLUMN `mail` TO `email`, MODIFY COLUMN `age` SMALLINT DEFAULT 0, MODIFY COLUMN `kind` ENUM('a','b','c') NOT NULL DEFAULT 'a', " +
            "DROP INDEX `users_login_unique`, DROP INDEX `users_age_index`, DROP FOREIGN KEY `users_team_id_foreign`, DROP CONSTRAINT `users_age_check`, " +
            "ADD CONSTRAINT `users_nick_unique` UNIQUE (`nick`), ADD INDEX `users_email_idx` (`email`), ADD CONSTRAINT `users_email_nick` UNIQUE (`email`, `nick`), " +
            "ADD CONSTRAINT `users_team_id_foreign` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION, " +
            "ADD CONSTRAINT `users_age_positive` CHECK (age >= 0)",
            sql);
    }

    [Fact]
    public void A_column_renamed_and_changed_in_one_alteration_is_one_change_column()
    {
        Assert.Equal("ALTER TABLE `t` CHANGE COLUMN `a` `b` BIGINT NOT NULL, ADD INDEX `t_b_index` (`b`)", Single(Alter("t", t =>
        {
            t.RenameColumn("a", "b");
            t.ChangeColumn("b", ColumnType.BigInteger);
            t.Index("b");
        })));
        Assert.Equal("ALTER TABLE `t` CHANGE COLUMN `a` `b` INT", Single(Alter("t", t =>
        {
            t.ChangeColumn("a", ColumnType.Integer).Nullable();
            t.RenameColumn("a", "b");
        })));
        Assert.Equal("ALTER TABLE `t` RENAME COLUMN `a` TO `c`, DROP COLUMN `x`", Single(Alter("t", t =>
        {
            t.RenameColumn("a", "b");
            t.DropColumn("x");
            t.RenameColumn("b", "c");
        })));
    }

    [Fact]
    public void Indexes_drops_and_renames()
    {
        Assert.Equal("CREATE UNIQUE INDEX `u_email` ON `app`.`users` (`email`, `name`)",
            Single(new CreateIndexStatement("app.users", new IndexDefinition("u_email", ["email", "name"], IsUnique: true, Filter: null))));
        Assert.Equal("DROP INDEX `u_email` ON `app`.`users`", Single(new DropIndexStatement("app.users", "u_email", IfExists: false)));
        Assert.Equal("DROP INDEX IF EXISTS `u_email` ON `users`", Single(new DropIndexStatement("users", "u_email", IfExists: true)));
        Assert.Equal("DROP TABLE IF EXISTS `app`.`users`", Single(new DropTableStatement("app.users", IfExists: true)));
        Assert.Equal("DROP TABLE `users`", Single(new DropTableStatement("users", IfExists: false)));
        Assert.Equal("RENAME TABLE `users` TO `people`", Single(new RenameTableStatement("users", "people")));
        Assert.Equal("RENAME TABLE `app`.`users` TO `app`.`people`", Single(new RenameTableStatement("app.users", "people")));
        Assert.Equal("RENAME TABLE `app`.`users` TO `app`.`people`", Single(new RenameTableStatement("app.users", "app.people")));
    }

    [Fact]
    public void A_partial_index_is_refused_with_a_clear_error()
    {
        var create = Create("t", t =>
        {
            t.Integer("a");
            t.Index("a").Where($"a > {0}");
        });
        var error = Assert.Throws<NotSupportedException>(() => Compile(create));
        Assert.Contains("t_a_index", error.Message, StringComparison.Ordinal);
        Assert.Contains("WHERE", error.Message, StringComparison.Ordinal);

        Assert.Throws<NotSupportedException>(() => Compile(Alter("t", t => t.Index("a").Where($"a > {0}"))));
        Assert.Throws<NotSupportedException>(() => Compile(new CreateIndexStatement("t", new IndexDefinition("i", ["a"], false, Sql.Raw("a > 0")))));
    }

    [Fact]
    public void Set_default_is_refused_with_a_clear_error()
    {
        var create = Create("t", t => t.Integer("p").References("parents").OnDelete(ReferentialAction.SetDefault));
        var error = Assert.Throws<NotSupportedException>(() => Compile(create));
        Assert.Contains("t_p_foreign", error.Message, StringComparison.Ordinal);
        Assert.Contains("SET DEFAULT", error.Message, StringComparison.Ordinal);

        Assert.Throws<NotSupportedException>(() =>
            Compile(Alter("t", t => t.ForeignKey("p").References("parents").OnUpdate(ReferentialAction.SetDefault))));
    }

    [Fact]
    public void Both_dialects_use_the_MySQL_compiler()
    {
        Assert.Same(MySqlDdlCompiler.Instance, new MySqlDialect().Ddl);
        Assert.Same(MySqlDdlCompiler.Instance, new MariaDbDialect().Ddl);
        Assert.True(MySqlDdlCompiler.Instance.HasNativeEnums);
        Assert.False(MySqlDdlCompiler.Instance.SupportsPartialIndexes);
    }
}
