using Strata.IntegrationTests.Infrastructure;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.IntegrationTests.Schema;

/// <summary>
/// Related tables with every column kind are created through the schema builder, read back through
/// introspection, and compared with what was declared, on every database.
/// </summary>
public class SchemaRoundTripTests
{
    private static readonly DateOnly BornOn = new(2000, 1, 2);
    private static readonly TimeOnly WakesAt = new(7, 30);

    [Theory, AllDatabases]
    public async Task Introspection_reports_what_the_builder_declared(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var schema = scope.Db.Schema;
        var users = scope.Table("rt_users");
        var posts = scope.Table("rt_posts");
        var tags = scope.Table("rt_post_tags");
        var partial = db != Db.MariaDb;

        var createUsers = schema.CreateTable(users, t =>
        {
            t.BigIncrements("id");
            t.Uuid("external_id").Unique();
            t.String("email", 120).Unique("rt_users_email_" + users[^10..]);
            t.String("nickname", 40).Nullable().Default("it's \"new\"");
            t.Text("bio").Nullable();
            t.Integer("age").Default(18).Check($"{Sql.Identifier("age")} >= {0}");
            t.SmallInteger("rank").Default((short)3);
            t.BigInteger("visits").Default(0L);
            t.Decimal("balance", 12, 2).Default(10.50m);
            t.Float("ratio").Nullable();
            t.Double("score").Default(1.5);
            t.Boolean("active").Default(true);
            t.Date("born_on").Default(BornOn);
            t.Time("wakes_at").Default(WakesAt);
            t.DateTime("last_seen").Nullable();
            t.Timestamp("signed_up_at").DefaultCurrentTimestamp();
            t.Timestamp("local_at", withTimeZone: false).Nullable();
            t.Json("settings").Nullable();
            t.Binary("avatar").Nullable();
            t.Enum("status", "active", "banned", "it's").Default("active");
            t.String("code", 20).DefaultSql(Sql.Raw("lower('ABC')"));
            t.Timestamps();
            t.SoftDeletes();
            t.Index("nickname").Named("rt_nick_" + users[^10..]);
            t.Index("age", "rank");
            if (partial) t.Index("status").Where($"{Sql.Identifier("deleted_at")} IS NULL").Named("rt_live_" + users[^10..]);
        });
        var createPosts = schema.CreateTable(posts, t =>
        {
            t.Increments("id");
            t.BigInteger("user_id").References(users).OnDelete(ReferentialAction.Cascade);
            t.BigInteger("editor_id").Nullable().References(users, "id").OnDelete(ReferentialAction.SetNull).OnUpdate(ReferentialAction.Cascade);
            t.String("title", 200);
            t.Check($"{Sql.Identifier("title")} <> {""}").Named("rt_title_" + posts[^10..]);
            t.Unique("user_id", "title");
        });
        var createTags = schema.CreateTable(tags, t =>
        {
            t.Integer("post_id");
            t.String("tag", 50);
            t.PrimaryKey("post_id", "tag");
            t.ForeignKey("post_id").References(posts, "id").OnDelete(ReferentialAction.Restrict);
        });
        foreach (var create in new[] { createUsers, createPosts, createTags }) await create.ExecuteAsync();

        var all = await schema.IntrospectAsync();
        foreach (var create in new[] { createUsers, createPosts, createTags })
        {
            var declared = (CreateTableStatement)create.Statement;
            var found = all.FindTable(declared.Table);
            Assert.True(found is not null, $"{declared.Table} is missing from IntrospectAsync");
            Compare(db, scope.Db.Dialect.Ddl, declared, found);
            Assert.Equal(found, await schema.IntrospectTableAsync(declared.Table), TableComparer.Instance);
        }
        Assert.Null(await schema.IntrospectTableAsync(TestDatabase.Table("rt_missing")));
        Assert.True(await schema.HasColumnAsync(users, "external_id"));
        Assert.False(await schema.HasColumnAsync(users, "nope"));
    }

    private static void Compare(Db db, DdlCompiler compiler, CreateTableStatement declared, TableSchema found)
    {
        Assert.Equal(declared.Columns.Select(c => c.Name), found.Columns.Select(c => c.Name));
        foreach (var column in declared.Columns)
        {
            var actual = found.FindColumn(column.Name)!;
            var where = $"{declared.Table}.{column.Name} ({actual.DatabaseType})";
            Assert.True(column.IsNullable == actual.IsNullable, $"{where}: nullable {actual.IsNullable}, declared {column.IsNullable}");
            Assert.True(column.Type.IsAutoIncrement == actual.IsAutoIncrement, $"{where}: auto-increment {actual.IsAutoIncrement}");
            Assert.True(ExpectedClrType(db, column.Type) == actual.ClrType, $"{where}: CLR type {actual.ClrType.Name}, expected {ExpectedClrType(db, column.Type).Name}");
            if (column.Type.Kind == ColumnKind.String) Assert.True(column.Type.Length == actual.MaxLength, $"{where}: length {actual.MaxLength}");
            if (column.Type.Kind == ColumnKind.Decimal)
                Assert.True((column.Type.Precision, column.Type.Scale) == (actual.Precision, actual.Scale), $"{where}: precision {actual.Precision},{actual.Scale}");
            CompareDefault(compiler, column, actual, where);
        }

        if (declared.PrimaryKey is { } key) Assert.Equal(key.Columns, found.PrimaryKey?.Columns ?? []);
        else Assert.Null(found.PrimaryKey);

        foreach (var unique in declared.Uniques)
        {
            var asConstraint = found.UniqueConstraints.Any(u => u.Columns.SequenceEqual(unique.Columns, StringComparer.OrdinalIgnoreCase));
            var asIndex = found.Indexes.Any(i => i.IsUnique && i.Columns.SequenceEqual(unique.Columns, StringComparer.OrdinalIgnoreCase));
            Assert.True(asConstraint || asIndex, $"{declared.Table}: no unique constraint or index on ({string.Join(", ", unique.Columns)})");
        }
        foreach (var index in declared.Indexes)
        {
            var actual = found.Indexes.SingleOrDefault(i => string.Equals(i.Name, index.Name, StringComparison.OrdinalIgnoreCase));
            Assert.True(actual is not null, $"{declared.Table}: index {index.Name} missing; found {string.Join(", ", found.Indexes.Select(i => i.Name))}");
            Assert.Equal(index.Columns, actual.Columns);
            Assert.Equal(index.IsUnique, actual.IsUnique);
            Assert.Equal(index.Filter is not null, actual.Filter is not null);
        }
        foreach (var foreignKey in declared.ForeignKeys)
        {
            var actual = found.ForeignKeys.SingleOrDefault(f => f.Columns.SequenceEqual(foreignKey.Columns, StringComparer.OrdinalIgnoreCase));
            Assert.True(actual is not null, $"{declared.Table}: foreign key on ({string.Join(", ", foreignKey.Columns)}) missing");
            Assert.Equal(foreignKey.ReferencedTable, actual.ReferencedTable, ignoreCase: true);
            Assert.Equal(foreignKey.ReferencedColumns, actual.ReferencedColumns);
            Assert.Equal(foreignKey.OnDelete, actual.OnDelete);
            Assert.Equal(foreignKey.OnUpdate, actual.OnUpdate);
        }
        foreach (var check in declared.Checks)
            Assert.Contains(found.CheckConstraints, c => string.Equals(c.Name, check.Name, StringComparison.OrdinalIgnoreCase));
    }

    private static void CompareDefault(DdlCompiler compiler, ColumnDefinition column, ColumnSchema actual, string where)
    {
        if (column.Default is null)
        {
            Assert.True(actual.DefaultSql is null, $"{where}: default {actual.DefaultSql}, none declared");
            return;
        }
        Assert.True(actual.DefaultSql is not null, $"{where}: the declared default is missing");
        if (column.Default.Expression is not null || column.Default.IsCurrentTimestamp) return;
        var expected = compiler.Literal(column.Default.Value, column.Type);
        var reported = Unwrap(actual.DefaultSql!);
        var same = string.Equals(expected, reported, StringComparison.OrdinalIgnoreCase)
            // Time types may come back with the column's fractional digits ('07:30:00.000000').
            || column.Type.Kind is ColumnKind.Time && reported.StartsWith(expected.TrimEnd('\''), StringComparison.Ordinal);
        Assert.True(same, $"{where}: default {actual.DefaultSql}, expected {expected}");
    }

    private static string Unwrap(string sql)
    {
        while (sql.Length > 1 && sql[0] == '(' && sql[^1] == ')') sql = sql[1..^1];
        return sql;
    }

    private static Type ExpectedClrType(Db db, ColumnType type) => type.Kind switch
    {
        ColumnKind.Increments => db == Db.Sqlite ? typeof(long) : typeof(int),
        ColumnKind.BigIncrements or ColumnKind.BigInteger => typeof(long),
        ColumnKind.Integer => typeof(int),
        ColumnKind.SmallInteger => typeof(short),
        ColumnKind.Uuid => typeof(Guid),
        ColumnKind.String or ColumnKind.Text or ColumnKind.Json or ColumnKind.Enum => typeof(string),
        ColumnKind.Decimal => typeof(decimal),
        ColumnKind.Float => typeof(float),
        ColumnKind.Double => typeof(double),
        ColumnKind.Boolean => typeof(bool),
        ColumnKind.Date => typeof(DateOnly),
        ColumnKind.Time => typeof(TimeOnly),
        ColumnKind.DateTime => typeof(DateTime),
        ColumnKind.Timestamp => type.WithTimeZone && db != Db.MariaDb ? typeof(DateTimeOffset) : typeof(DateTime),
        ColumnKind.Binary => typeof(byte[]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Compares introspected tables by value (records holding lists compare lists by reference).</summary>
    private sealed class TableComparer : IEqualityComparer<TableSchema?>
    {
        public static TableComparer Instance { get; } = new();

        public bool Equals(TableSchema? x, TableSchema? y) => x is null || y is null ? x is null && y is null : Describe(x) == Describe(y);

        public int GetHashCode(TableSchema? obj) => obj is null ? 0 : Describe(obj).GetHashCode(StringComparison.Ordinal);

        private static string Describe(TableSchema t) => string.Join("\n",
            new[] { t.Name, t.Schema ?? "", t.PrimaryKey is null ? "" : t.PrimaryKey.Name + ":" + string.Join(",", t.PrimaryKey.Columns) }
                .Concat(t.Columns.Select(c => c.ToString()))
                .Concat(t.UniqueConstraints.Select(u => u.Name + ":" + string.Join(",", u.Columns)))
                .Concat(t.Indexes.Select(i => $"{i.Name}:{string.Join(",", i.Columns)}:{i.IsUnique}:{i.Filter}"))
                .Concat(t.ForeignKeys.Select(f => $"{f.Name}:{string.Join(",", f.Columns)}:{f.ReferencedTable}:{string.Join(",", f.ReferencedColumns)}:{f.OnDelete}:{f.OnUpdate}"))
                .Concat(t.CheckConstraints.Select(c => c.Name + ":" + c.Expression)));
    }
}
