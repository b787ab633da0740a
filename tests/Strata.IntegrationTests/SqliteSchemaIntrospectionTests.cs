using Strata.IntegrationTests.Infrastructure;
using Strata.Schema;
using Strata.Schema.Introspection;
using Strata.Sqlite;

namespace Strata.IntegrationTests;

/// <summary>Introspection of SQLite tables declared through <c>db.Schema.CreateTable</c> reports what was declared.</summary>
public class SqliteSchemaIntrospectionTests
{
    private static readonly Guid Token = new("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public async Task A_declared_table_reads_back_as_declared()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var parent = TestDatabase.Table("parent");
        var table = TestDatabase.Table("every");
        await db.Schema.CreateTable(parent, t =>
        {
            t.BigInteger("a");
            t.BigInteger("b");
            t.PrimaryKey("a", "b").Named("parent_key");
        }).ExecuteAsync();
        await db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.Uuid("token").Default(Token);
            t.String("email", 120).Unique();
            t.Text("bio").Nullable();
            t.Json("doc").Default("{}");
            t.Enum("role", "admin", "user").Default("user");
            t.Integer("age").Nullable().Default(18).Check($"age >= {0}", "age_positive");
            t.BigInteger("big").Default(-5_000_000_000L);
            t.SmallInteger("small").Default((short)3);
            t.Decimal("price", 10, 2).Default(9.99m);
            t.Float("ratio").Default(0.5f);
            t.Double("weight").Nullable();
            t.Boolean("active").Default(true);
            t.Date("born").Default(new DateOnly(2000, 2, 29));
            t.Time("wakes").Default(new TimeOnly(6, 30));
            t.DateTime("seen").Default(new DateTime(2024, 1, 2, 3, 4, 5));
            t.Timestamp("stamped").DefaultCurrentTimestamp();
            t.Timestamp("local", withTimeZone: false).Nullable();
            t.Binary("blob").Nullable().Default(new byte[] { 1, 2, 255 });
            t.Text("lower_code").DefaultSql(Sql.Raw("(lower('X'))"));
            t.BigInteger("pa").Nullable();
            t.BigInteger("pb").Nullable();
            t.Integer("self_id").Nullable();
            t.Unique("age", "small").Named("age_small");
            t.Index("email", "age").Named("by_email_age");
            t.Index("weight").Where($"weight > {0}");
            t.ForeignKey("pa", "pb").References(parent, "a", "b").OnDelete(ReferentialAction.Cascade).OnUpdate(ReferentialAction.Restrict).Named("to_parent");
            t.ForeignKey("self_id").References(table).OnDelete(ReferentialAction.SetNull).OnUpdate(ReferentialAction.SetDefault);
            t.Check($"big <> small").Named("big_small");
        }).ExecuteAsync();
        await db.ExecuteAsync($"CREATE VIEW {Sql.Identifier(table + "_view")} AS SELECT id, email FROM {Sql.Identifier(table)}");

        var read = (await db.Schema.IntrospectTableAsync(table.ToUpperInvariant()))!;
        var ddl = SqliteDdlCompiler.Instance;
        void Column(string name, string type, Type clr, bool nullable, object? literal = null, string? defaultSql = null, int? length = null, int? precision = null, int? scale = null)
        {
            var c = read.FindColumn(name) ?? throw new Xunit.Sdk.XunitException($"no column {name}");
            Assert.Equal((type, clr, nullable, length, precision, scale), (c.DatabaseType, c.ClrType, c.IsNullable, c.MaxLength, c.Precision, c.Scale));
            var expected = defaultSql ?? (literal is null ? null : ddl.Literal(literal));
            Assert.Equal(Bare(expected), Bare(c.DefaultSql));
            Assert.Equal(name == "id", c.IsAutoIncrement);
        }
        Column("id", "integer", typeof(long), nullable: false);
        Column("token", "uuid", typeof(Guid), false, Token);
        Column("email", "varchar(120)", typeof(string), false, length: 120);
        Column("bio", "text", typeof(string), true);
        Column("doc", "text", typeof(string), false, "{}");
        Column("role", "text", typeof(string), false, "user");
        Column("age", "int", typeof(int), true, 18);
        Column("big", "bigint", typeof(long), false, -5_000_000_000L);
        Column("small", "smallint", typeof(short), false, (short)3);
        Column("price", "decimal(10,2)", typeof(decimal), false, 9.99m, precision: 10, scale: 2);
        Column("ratio", "float", typeof(float), false, 0.5f);
        Column("weight", "double", typeof(double), true);
        Column("active", "boolean", typeof(bool), false, true);
        Column("born", "date", typeof(DateOnly), false, new DateOnly(2000, 2, 29));
        Column("wakes", "time", typeof(TimeOnly), false, new TimeOnly(6, 30));
        Column("seen", "datetime", typeof(DateTime), false, new DateTime(2024, 1, 2, 3, 4, 5));
        Column("stamped", "timestamptz", typeof(DateTimeOffset), false, defaultSql: "(strftime('%Y-%m-%d %H:%M:%f', 'now'))");
        Column("local", "timestamp", typeof(DateTime), true);
        Column("blob", "blob", typeof(byte[]), true, new byte[] { 1, 2, 255 });
        Column("lower_code", "text", typeof(string), false, defaultSql: "(lower('X'))");
        Assert.Equal(["id", "token", "email", "bio", "doc", "role", "age", "big", "small", "price", "ratio", "weight", "active", "born", "wakes", "seen", "stamped", "local", "blob", "lower_code", "pa", "pb", "self_id"],
            read.Columns.Select(c => c.Name));

        Assert.Equal((null, "id"), (read.PrimaryKey!.Name, string.Join(",", read.PrimaryKey.Columns)));
        var parentKey = (await db.Schema.IntrospectTableAsync(parent))!.PrimaryKey!;
        Assert.Equal(("parent_key", "a,b"), (parentKey.Name, string.Join(",", parentKey.Columns)));

        Assert.Equal([("age_small", "age,small"), (ConstraintNames.Unique(table, ["email"]), "email")],
            read.UniqueConstraints.Select(u => (u.Name, string.Join(",", u.Columns))));
        var weightIndex = ConstraintNames.Index(table, ["weight"]);
        Assert.Equal(new[] { "age_small", "by_email_age", ConstraintNames.Unique(table, ["email"]), weightIndex }.Order(StringComparer.Ordinal), read.Indexes.Select(i => i.Name));
        Assert.Equal(("email,age", false, (string?)null), Index(read, "by_email_age"));
        Assert.Equal(("weight", false, "weight > 0"), Index(read, weightIndex));
        Assert.True(read.Indexes.Single(i => i.Name == "age_small").IsUnique);

        var toParent = read.ForeignKeys.Single(f => f.Name == "to_parent");
        Assert.Equal((parent, "pa,pb", "a,b", ReferentialAction.Cascade, ReferentialAction.Restrict),
            (toParent.ReferencedTable, string.Join(",", toParent.Columns), string.Join(",", toParent.ReferencedColumns), toParent.OnDelete, toParent.OnUpdate));
        var self = read.ForeignKeys.Single(f => f.Name == ConstraintNames.ForeignKey(table, ["self_id"]));
        Assert.Equal((table, "id", ReferentialAction.SetNull, ReferentialAction.SetDefault), (self.ReferencedTable, string.Join(",", self.ReferencedColumns), self.OnDelete, self.OnUpdate));

        Assert.Equal(["age_positive", "big_small", ConstraintNames.Enum(table, "role")], read.CheckConstraints.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("age >= 0", read.CheckConstraints.Single(c => c.Name == "age_positive").Expression);

        var all = await db.Schema.IntrospectAsync();
        Assert.Equal(new[] { parent, table }.Order(StringComparer.Ordinal), all.Tables.Select(t => t.Name));
        var view = Assert.Single(all.Views);
        Assert.Equal((table + "_view", "id,email"), (view.Name, string.Join(",", view.Columns.Select(c => c.Name))));
        Assert.StartsWith("SELECT id, email FROM", view.Definition, StringComparison.Ordinal);
        Assert.Null(await db.Schema.IntrospectTableAsync("missing_table"));
        Assert.True(await db.Schema.HasColumnAsync(table, "SELF_ID"));
    }

    [Fact]
    public async Task Constraints_and_indexes_added_by_AlterTable_and_unnamed_ones_written_by_hand_read_back()
    {
        await using var db = await TestDatabase.OpenAsync(Db.Sqlite);
        var table = TestDatabase.Table("hand");
        await db.ExecuteAsync(Sql.Raw($"CREATE TABLE {table} (k INTEGER PRIMARY KEY DESC, \"Odd \"\"Name\" TEXT UNIQUE CHECK (length(\"Odd \"\"Name\") > 1), " +
            $"p INT REFERENCES {table}, CONSTRAINT named_u UNIQUE (p), CHECK (p <> k))"));
        await db.Schema.AlterTable(table, t => t.Unique("p", "k").Named("added_u")).ExecuteAsync();
        var read = (await db.Schema.IntrospectTableAsync(table))!;
        Assert.False(read.FindColumn("k")!.IsAutoIncrement);
        Assert.Equal(["k"], read.PrimaryKey!.Columns);
        Assert.Contains(read.UniqueConstraints, u => u.Name == "named_u" && u.Columns.SequenceEqual(["p"]));
        Assert.Contains(read.UniqueConstraints, u => u.Name!.StartsWith("sqlite_autoindex_", StringComparison.Ordinal) && u.Columns.SequenceEqual(["Odd \"Name"]));
        Assert.Contains(read.Indexes, i => i.Name == "added_u" && i.IsUnique && i.Columns.SequenceEqual(["p", "k"]));
        var key = Assert.Single(read.ForeignKeys);
        Assert.Equal((null, "k"), (key.Name, string.Join(",", key.ReferencedColumns)));
        Assert.Equal(["length(\"Odd \"\"Name\") > 1", "p <> k"], read.CheckConstraints.Select(c => c.Expression).Order(StringComparer.Ordinal));
        Assert.All(read.CheckConstraints, c => Assert.Null(c.Name));

        // A view SQLite kept after its table went away is still listed, without columns.
        await db.ExecuteAsync(Sql.Raw($"CREATE VIEW {table}_broken AS SELECT * FROM {table}_gone"));
        var broken = Assert.Single((await db.Schema.IntrospectAsync()).Views);
        Assert.Equal((table + "_broken", 0), (broken.Name, broken.Columns.Count));
    }

    // Compared as the round-trip test compares defaults: ignoring case and outer parentheses.
    private static string? Bare(string? sql)
    {
        while (sql is ['(', .., ')']) sql = sql[1..^1];
        return sql?.ToUpperInvariant();
    }

    private static (string, bool, string?) Index(TableSchema table, string name)
    {
        var index = table.Indexes.Single(i => i.Name == name);
        return (string.Join(",", index.Columns), index.IsUnique, index.Filter);
    }
}
