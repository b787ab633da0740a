using Strata.IntegrationTests.Infrastructure;
using Strata.Query;
using Strata.Schema;

namespace Strata.IntegrationTests.Schema;

/// <summary>The schema builder's DDL run on every database: what it creates holds data and enforces what it declares.</summary>
public class SchemaBuilderTests
{
    public sealed record Everything(
        long Id, Guid ExternalId, string Name, string? Bio, int Age, short Rank, long Visits, decimal Balance, float Ratio, double Score,
        bool Active, DateOnly BornOn, TimeOnly WakesAt, DateTime LastSeen, DateTime SignedUpAt, string Settings, byte[] Avatar, string Status);

    [Theory, AllDatabases]
    public async Task Every_column_kind_stores_and_returns_its_values(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_kinds");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.Uuid("external_id");
            t.String("name", 50);
            t.Text("bio").Nullable();
            t.Integer("age");
            t.SmallInteger("rank");
            t.BigInteger("visits");
            t.Decimal("balance", 12, 4);
            t.Float("ratio");
            t.Double("score");
            t.Boolean("active");
            t.Date("born_on");
            t.Time("wakes_at");
            t.DateTime("last_seen");
            t.Timestamp("signed_up_at");
            t.Json("settings");
            t.Binary("avatar");
            t.Enum("status", "active", "banned");
        }).ExecuteAsync();

        var row = new Everything(0, Guid.NewGuid(), "ada ✓", null, 36, 7, 9_000_000_000, 12345678.1234m, 0.5f, 2.25, true,
            new DateOnly(1815, 12, 10), new TimeOnly(7, 30, 15), new DateTime(2024, 2, 29, 23, 59, 58, 123), new DateTime(2025, 1, 3, 4, 5, 6, DateTimeKind.Utc),
            "{\"a\": [1, 2]}", [0, 1, 254, 255], "banned");
        var id = await InsertIdAsync<long>(scope.Db.From(table), new
        {
            external_id = row.ExternalId, name = row.Name, bio = row.Bio, age = row.Age, rank = row.Rank, visits = row.Visits, balance = row.Balance,
            ratio = row.Ratio, score = row.Score, active = row.Active, born_on = row.BornOn, wakes_at = row.WakesAt, last_seen = row.LastSeen,
            signed_up_at = row.SignedUpAt, settings = System.Text.Json.JsonDocument.Parse(row.Settings).RootElement, avatar = row.Avatar, status = row.Status,
        });

        var back = await scope.Db.From(table).Where("id", id).SingleAsync<Everything>();
        Assert.Equal(row with { Id = id, Settings = back.Settings, Avatar = back.Avatar, SignedUpAt = back.SignedUpAt }, back);
        Assert.Equal(row.Avatar, back.Avatar);
        Assert.Contains("\"a\"", back.Settings, StringComparison.Ordinal);
        Assert.Equal(row.SignedUpAt, back.SignedUpAt.ToUniversalTime());
    }

    [Theory, AllDatabases]
    public async Task Defaults_fill_what_an_insert_leaves_out(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_defaults");
        var hostile = "it's; DROP TABLE x; -- \\' \"q\" `b`";
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.String("label", 100).Default(hostile);
            t.Integer("count").Default(-5);
            t.Decimal("price", 8, 2).Default(9.99m);
            t.Boolean("enabled").Default(true);
            t.Date("day").Default(new DateOnly(2024, 5, 6));
            t.Enum("kind", "a'b", "c").Default("a'b");
            t.String("lowered", 20).DefaultSql(Sql.Raw("lower('ABC')"));
            t.Timestamps();
            t.String("note", 10).Nullable();
        }).ExecuteAsync();

        var before = DateTime.UtcNow.AddMinutes(-1);
        await scope.Db.From(table).InsertAsync(new { note = "x" });
        var row = await scope.Db.From(table).SingleAsync<DefaultsRow>();

        Assert.Equal(new DefaultsRow(row.Id, hostile, -5, 9.99m, true, new DateOnly(2024, 5, 6), "a'b", "abc", row.CreatedAt, row.UpdatedAt, "x"), row);
        Assert.InRange(row.CreatedAt.ToUniversalTime(), before, DateTime.UtcNow.AddMinutes(1));
        Assert.InRange(row.UpdatedAt.ToUniversalTime(), before, DateTime.UtcNow.AddMinutes(1));
    }

    private static async Task<T> InsertIdAsync<T>(SqlQuery table, object values) =>
        (await table.Returning("id").InsertAsync<T>(values)).Single();

    public sealed record DefaultsRow(int Id, string Label, int Count, decimal Price, bool Enabled, DateOnly Day, string Kind, string Lowered,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Note);

    [Theory, AllDatabases]
    public async Task Declared_constraints_are_enforced_and_reported_as_typed_errors(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var parents = scope.Table("sb_parents");
        var children = scope.Table("sb_children");
        await scope.Db.Schema.CreateTable(parents, t =>
        {
            t.Increments("id");
            t.String("email", 100).Unique();
            t.Integer("age").Check($"{Sql.Identifier("age")} >= {0}");
            t.Enum("role", "admin", "user").Default("user");
        }).ExecuteAsync();
        await scope.Db.Schema.CreateTable(children, t =>
        {
            t.Increments("id");
            t.Integer("cascade_id").References(parents).OnDelete(ReferentialAction.Cascade);
            t.Integer("null_id").Nullable().References(parents).OnDelete(ReferentialAction.SetNull);
            t.Integer("restrict_id").Nullable().References(parents).OnDelete(ReferentialAction.Restrict);
        }).ExecuteAsync();
        var p = scope.Db.From(parents);
        var c = scope.Db.From(children);
        var one = await InsertIdAsync<int>(p, new { email = "a@x", age = 1 });
        var two = await InsertIdAsync<int>(p, new { email = "b@x", age = 2 });
        var three = await InsertIdAsync<int>(p, new { email = "c@x", age = 3 });

        await Assert.ThrowsAsync<UniqueViolationException>(() => p.InsertAsync(new { email = "a@x", age = 4 }));
        await Assert.ThrowsAsync<CheckViolationException>(() => p.InsertAsync(new { email = "d@x", age = -1 }));
        await Assert.ThrowsAsync<CheckViolationException>(() => p.InsertAsync(new { email = "e@x", age = 1, role = "root" }));
        await Assert.ThrowsAsync<NotNullViolationException>(() => p.InsertAsync(new { email = (string?)null, age = 1 }));
        await Assert.ThrowsAsync<ForeignKeyViolationException>(() => c.InsertAsync(new { cascade_id = 999 }));

        await c.InsertAsync(new { cascade_id = one, null_id = two, restrict_id = three });
        await Assert.ThrowsAsync<ForeignKeyViolationException>(() => p.Where("id", three).DeleteAsync());
        await p.Where("id", two).DeleteAsync();
        Assert.Null(await c.Select("null_id").FirstAsync<int?>());
        await p.Where("id", one).DeleteAsync();
        Assert.Equal(0, await c.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Alter_table_adds_renames_changes_and_drops_keeping_rows(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var teams = scope.Table("sb_teams");
        var table = scope.Table("sb_alter");
        await scope.Db.Schema.CreateTable(teams, t => t.Increments("id")).ExecuteAsync();
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.String("full_name", 20);
            t.Integer("points");
            t.String("legacy", 10).Nullable();
        }).ExecuteAsync();
        var teamId = await InsertIdAsync<int>(scope.Db.From(teams), new { id = 5 });
        await scope.Db.From(table).InsertManyAsync(new[] { new { full_name = "ada", points = 3, legacy = "x" }, new { full_name = "alan", points = 4, legacy = "y" } });

        await scope.Db.Schema.AlterTable(table, t =>
        {
            t.String("nickname", 30).Nullable();
            t.Boolean("active").Default(true);
            t.RenameColumn("full_name", "display_name");
            t.ChangeColumn("points", ColumnType.BigInteger).Nullable();
            t.DropColumn("legacy");
            t.Integer("team_id").Nullable().References(teams).OnDelete(ReferentialAction.SetNull);
            t.Index("display_name").Named("sb_alter_name_" + table[^10..]);
            t.Unique("nickname");
            t.Check($"{Sql.Identifier("points")} < {1_000_000}").Named("sb_alter_points_" + table[^10..]);
        }).ExecuteAsync();

        var found = (await scope.Db.Schema.IntrospectTableAsync(table))!;
        Assert.Equal(["id", "display_name", "points", "nickname", "active", "team_id"], found.Columns.Select(c => c.Name));
        Assert.True(found.FindColumn("points")!.IsNullable);
        Assert.Equal(typeof(long), found.FindColumn("points")!.ClrType);
        Assert.Contains(found.Indexes, i => i.Name == "sb_alter_name_" + table[^10..]);
        Assert.Contains(found.ForeignKeys, f => f.Columns.SequenceEqual(["team_id"]) && f.OnDelete == ReferentialAction.SetNull);
        Assert.Equal([("ada", 3L, true), ("alan", 4L, true)],
            (await scope.Db.From(table).Select("display_name", "points", "active").OrderBy("id").ToListAsync<(string, long, bool)>()));

        await scope.Db.From(table).Where("display_name", "ada").UpdateAsync(new { points = (long?)null, nickname = "a", team_id = teamId });
        await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.From(table).Where("display_name", "alan").UpdateAsync(new { nickname = "a" }));
        await Assert.ThrowsAsync<CheckViolationException>(() => scope.Db.From(table).Where("display_name", "alan").UpdateAsync(new { points = 5_000_000 }));
        await scope.Db.From(teams).Where("id", teamId).DeleteAsync();
        Assert.Null(await scope.Db.From(table).Where("display_name", "ada").Select("team_id").FirstAsync<int?>());

        await scope.Db.Schema.AlterTable(table, t =>
        {
            t.DropIndex("sb_alter_name_" + table[^10..]);
            t.DropUnique(ConstraintNames.Unique(table, ["nickname"]));
            t.DropForeignKey(ConstraintNames.ForeignKey(table, ["team_id"]));
            t.DropCheck("sb_alter_points_" + table[^10..]);
        }).ExecuteAsync();
        var after = (await scope.Db.Schema.IntrospectTableAsync(table))!;
        Assert.DoesNotContain(after.Indexes, i => i.Name == "sb_alter_name_" + table[^10..] || i.IsUnique);
        Assert.Empty(after.ForeignKeys);
        Assert.DoesNotContain(after.CheckConstraints, c => c.Name == "sb_alter_points_" + table[^10..]);
        await scope.Db.From(table).Where("display_name", "alan").UpdateAsync(new { nickname = "a", points = 5_000_000, team_id = 12345 });
        Assert.Equal(2, await scope.Db.From(table).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Create_if_not_exists_drop_if_exists_and_rename_are_safe_to_repeat(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_repeat");
        var renamed = scope.Table("sb_renamed");
        void Define(TableBuilder t)
        {
            t.Increments("id");
            t.String("name", 20).Index();
        }

        await scope.Db.Schema.CreateTableIfNotExists(table, Define).ExecuteAsync();
        await scope.Db.From(table).InsertAsync(new { name = "kept" });
        await scope.Db.Schema.CreateTableIfNotExists(table, Define).ExecuteAsync();
        await Assert.ThrowsAnyAsync<DatabaseException>(() => scope.Db.Schema.CreateTable(table, Define).ExecuteAsync());
        Assert.Equal(1, await scope.Db.From(table).CountAsync());

        await scope.Db.Schema.RenameTable(table, renamed).ExecuteAsync();
        Assert.False(await scope.Db.Schema.HasTableAsync(table));
        Assert.Equal("kept", await scope.Db.From(renamed).Select("name").FirstAsync<string>());

        await scope.Db.Schema.DropTable(renamed).ExecuteAsync();
        await scope.Db.Schema.DropTableIfExists(renamed).ExecuteAsync();
        await Assert.ThrowsAnyAsync<DatabaseException>(() => scope.Db.Schema.DropTable(renamed).ExecuteAsync());
    }

    [Theory, AllDatabases]
    public async Task Indexes_created_and_dropped_on_their_own_and_unique_indexes_enforce(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_index");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.String("email", 100);
            t.String("tenant", 20);
            t.Boolean("active");
        }).ExecuteAsync();

        await scope.Db.Schema.CreateIndex(table, ["tenant", "email"], unique: true).ExecuteAsync();
        await scope.Db.From(table).InsertAsync(new { email = "a", tenant = "t1", active = true });
        await scope.Db.From(table).InsertAsync(new { email = "a", tenant = "t2", active = true });
        await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.From(table).InsertAsync(new { email = "a", tenant = "t1", active = false }));
        var name = ConstraintNames.Index(table, ["tenant", "email"]);
        Assert.Contains((await scope.Db.Schema.IntrospectTableAsync(table))!.Indexes, i => i.Name == name && i.IsUnique);

        await scope.Db.Schema.DropIndex(table, name).ExecuteAsync();
        await scope.Db.Schema.DropIndex(table, name, ifExists: true).ExecuteAsync();
        await scope.Db.From(table).InsertAsync(new { email = "a", tenant = "t1", active = false });
        Assert.Equal(3, await scope.Db.From(table).CountAsync());
    }

    [Theory, AllDatabases]
    public async Task A_partial_unique_index_covers_only_its_rows_or_is_refused_clearly(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_partial");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.String("email", 100);
            t.SoftDeletes();
        }).ExecuteAsync();
        var create = scope.Db.Schema.CreateIndex(table, ["email"], unique: true, where: $"{Sql.Identifier("deleted_at")} IS NULL");

        if (db == Db.MariaDb)
        {
            var refused = await Assert.ThrowsAsync<NotSupportedException>(() => create.ExecuteAsync());
            Assert.Contains("WHERE", refused.Message, StringComparison.Ordinal);
            return;
        }
        await create.ExecuteAsync();
        await scope.Db.From(table).InsertAsync(new { email = "a", deleted_at = DateTimeOffset.UtcNow });
        await scope.Db.From(table).InsertAsync(new { email = "a" });
        await Assert.ThrowsAsync<UniqueViolationException>(() => scope.Db.From(table).InsertAsync(new { email = "a" }));
    }

    [Theory, AllDatabases]
    public async Task A_dry_run_returns_the_statements_and_changes_nothing(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_dry");
        var create = scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            t.String("name", 10).Index();
        });

        var sql = await create.ToSqlAsync();

        Assert.Contains(sql, s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal) && s.Contains(table, StringComparison.Ordinal));
        Assert.False(await scope.Db.Schema.HasTableAsync(table));
        await create.ExecuteAsync();
        Assert.True(await scope.Db.Schema.HasTableAsync(table));
    }

    [Theory, AllDatabases]
    public async Task Ddl_inside_a_rolled_back_transaction_is_undone_where_the_database_can(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_tx");

        await using (var tx = await scope.Db.BeginTransactionAsync())
        {
            await tx.Schema.CreateTable(table, t =>
            {
                t.Increments("id");
                t.String("name", 10).Index();
            }).ExecuteAsync();
            Assert.True(await tx.Schema.HasTableAsync(table));
            await tx.RollbackAsync();
        }

        // MySQL and MariaDB commit DDL implicitly: the table stays, as SupportsTransactionalDdl says.
        Assert.Equal(!scope.Db.Dialect.SupportsTransactionalDdl, await scope.Db.Schema.HasTableAsync(table));
    }

    [Theory, AllDatabases]
    public async Task Hostile_names_are_refused_and_hostile_values_are_stored_as_data(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var table = scope.Table("sb_hostile");
        string[] names = ["x\"; DROP TABLE t; --", "x`y", "x'y", "x y", "x;y", "1=1", "x--", "x/*", "ｘ", "x\u200by", "", "x.", ".x", "x)"];
        var values = new[] { "'; DROP TABLE users; --", "\\'; --", "\" OR 1=1 --", "`); DELETE FROM x; --", "ʼ OR ʼ1ʼ=ʼ1", "a\\b'c\"d`e" };

        foreach (var name in names)
        {
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateTable(name, t => t.Increments("id")));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateTable(table, t => t.Integer(name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateTable(table, t => t.Integer("a").Unique(name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateTable(table, t => t.Integer("a").References(name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateTable(table, t => t.Integer("a").Index(name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.AlterTable(table, t => t.DropColumn(name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.AlterTable(table, t => t.RenameColumn("a", name)));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.DropTable(name));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.RenameTable(table, name));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.CreateIndex(table, [name]));
            Assert.ThrowsAny<ArgumentException>(() => scope.Db.Schema.DropIndex(table, name));
        }

        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.Increments("id");
            for (var i = 0; i < values.Length; i++) t.String("v" + i, 100).Default(values[i]);
            t.Enum("e", values);
            t.String("checked", 100).Nullable().Check($"{Sql.Identifier("checked")} <> {values[0]}");
        }).ExecuteAsync();
        foreach (var value in values) await scope.Db.From(table).InsertAsync(new { e = value, @checked = value + "!" });
        await Assert.ThrowsAsync<CheckViolationException>(() => scope.Db.From(table).InsertAsync(new { e = values[1], @checked = values[0] }));
        await Assert.ThrowsAsync<CheckViolationException>(() => scope.Db.From(table).InsertAsync(new { e = "other" }));

        var rows = await scope.Db.QueryAsync<IReadOnlyDictionary<string, object?>>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY {Sql.Identifier("id")}");
        Assert.Equal(values.Length, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < values.Length; i++) Assert.Equal(values[i], rows[r]["v" + i]);
            Assert.Equal(values[r], rows[r]["e"]);
            Assert.Equal(values[r] + "!", rows[r]["checked"]);
        }
        Assert.Equal(values.Length, await scope.Db.From(table).CountAsync());
    }
}
