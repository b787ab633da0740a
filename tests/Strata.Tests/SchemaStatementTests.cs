using Strata.Schema;

namespace Strata.Tests;

/// <summary>What the schema builders turn declarations into, and what they refuse before any SQL is written.</summary>
public class SchemaStatementTests
{
    [Fact]
    public void Column_modifiers_become_named_table_constraints()
    {
        var create = SchemaStatements.CreateTable("app.users", t =>
        {
            t.BigIncrements();
            t.String("email", 100).Unique().Index();
            t.Integer("team_id").Nullable().References("teams").OnDelete(ReferentialAction.Cascade);
            t.Integer("age").Check($"age >= {0}");
            t.Check($"1 = 1");
            t.Check($"2 = 2").Named("two");
            t.Check($"3 = 3");
        });

        Assert.Equal("users_pkey", create.PrimaryKey?.Name);
        Assert.Equal<string>(["id"], create.PrimaryKey!.Columns);
        Assert.Equal("users_email_unique", Assert.Single(create.Uniques).Name);
        Assert.Equal("users_email_index", Assert.Single(create.Indexes).Name);
        var key = Assert.Single(create.ForeignKeys);
        Assert.Equal(("users_team_id_foreign", "teams", "id", ReferentialAction.Cascade, ReferentialAction.NoAction),
            (key.Name, key.ReferencedTable, key.ReferencedColumns.Single(), key.OnDelete, key.OnUpdate));
        Assert.Equal(["users_age_check", "users_check", "two", "users_2_check"], create.Checks.Select(c => c.Name));
        Assert.False(create.Columns.Single(c => c.Name == "email").IsNullable);
        Assert.True(create.Columns.Single(c => c.Name == "team_id").IsNullable);
    }

    [Fact]
    public void Helpers_declare_timestamps_and_soft_deletes()
    {
        var create = SchemaStatements.CreateTable("posts", t =>
        {
            t.Increments();
            t.Timestamps();
            t.SoftDeletes();
        });

        Assert.Equal(["id", "created_at", "updated_at", "deleted_at"], create.Columns.Select(c => c.Name));
        Assert.All(create.Columns.Skip(1), c => Assert.Equal(ColumnType.Timestamp(), c.Type));
        Assert.All(create.Columns.Skip(1).Take(2), c => Assert.True(c.Default!.IsCurrentTimestamp && !c.IsNullable));
        Assert.True(create.Columns[3].IsNullable);
        Assert.Null(create.Columns[3].Default);
    }

    [Fact]
    public void Long_generated_names_are_cut_to_63_characters_with_a_stable_hash()
    {
        var columns = new[] { "a_rather_long_column_name_number_one", "a_rather_long_column_name_number_two" };
        var name = ConstraintNames.Unique("a_table_with_a_long_name", columns);

        Assert.Equal(63, name.Length);
        Assert.Equal(name, ConstraintNames.Unique("a_table_with_a_long_name", columns));
        Assert.NotEqual(name, ConstraintNames.Unique("a_table_with_a_long_name", columns.Reverse()));
        Assert.Equal("users_email_unique", ConstraintNames.Unique("Users", ["Email"]));
    }

    [Fact]
    public void Inconsistent_table_declarations_are_refused_with_what_to_fix()
    {
        Assert.Contains("no columns", Refused(t => { }));
        Assert.Contains("'a' twice", Refused(t => { t.Integer("a"); t.String("a"); }));
        Assert.Contains("more than one primary key", Refused(t => { t.Increments(); t.Integer("b").PrimaryKey(); }));
        Assert.Contains("more than one primary key", Refused(t => { t.Increments(); t.PrimaryKey("id"); }));
        Assert.Contains("'missing'", Refused(t => { t.Integer("a"); t.Unique("missing"); }));
        Assert.Contains("'missing'", Refused(t => { t.Integer("a"); t.Index("a", "missing"); }));
        Assert.Contains("'missing'", Refused(t => { t.Integer("a"); t.ForeignKey("missing").References("b"); }));
        Assert.Contains("references nothing", Refused(t => { t.Integer("a"); t.ForeignKey("a"); }));
        Assert.Contains("two constraints or indexes named 'x'", Refused(t => { t.Integer("a").Unique("x"); t.Index("a").Named("x"); }));
        Assert.Throws<InvalidOperationException>(() => SchemaStatements.CreateTable("t", t => t.Integer("a").OnDelete(ReferentialAction.Cascade)));
        Assert.Throws<InvalidOperationException>(() => SchemaStatements.CreateTable("t", t => { t.Integer("a"); t.PrimaryKey("a"); t.PrimaryKey("a"); }));
        Assert.Throws<ArgumentException>(() => SchemaStatements.CreateTable("t", t => t.ForeignKey("a", "b").References("p", "id")));
    }

    [Fact]
    public void Column_types_refuse_arguments_no_database_accepts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnType.String(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnType.String(20_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnType.Decimal(39, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnType.Decimal(5, 6));
        Assert.Throws<ArgumentException>(() => ColumnType.Enum([]));
        Assert.Throws<ArgumentException>(() => ColumnType.Enum(["a", "a"]));
        Assert.Throws<ArgumentException>(() => ColumnType.Enum(["a", ""]));
        Assert.Equal(ColumnType.Enum(["a", "b"]), ColumnType.Enum(["a", "b"]));
        Assert.NotEqual(ColumnType.Enum(["a", "b"]), ColumnType.Enum(["b", "a"]));
        Assert.Equal("Decimal(10, 2)", ColumnType.Decimal(10, 2).ToString());
    }

    [Fact]
    public void Alter_declarations_keep_their_order_and_put_new_constraints_last()
    {
        var alter = SchemaStatements.AlterTable("users", t =>
        {
            t.String("nick", 20).Nullable().Unique();
            t.DropColumn("legacy", "old");
            t.RenameColumn("a", "b");
            t.ChangeColumn("age", ColumnType.BigInteger).Nullable();
            t.Index("nick");
            t.DropForeignKey("users_team_id_foreign");
        });

        Assert.Equal(
            ["AddColumnAction", "DropColumnAction", "DropColumnAction", "RenameColumnAction", "ChangeColumnAction", "DropForeignKeyAction", "AddUniqueAction", "AddIndexAction"],
            alter.Actions.Select(a => a.GetType().Name));
    }

    [Fact]
    public void Alterations_the_rows_already_there_cannot_meet_are_refused()
    {
        Assert.Contains("NOT NULL without a default", RefusedAlter(t => t.Integer("count")));
        Assert.Contains("declared in CreateTable", RefusedAlter(t => t.Increments("id")));
        Assert.Contains("auto-increment", RefusedAlter(t => t.ChangeColumn("id", ColumnType.BigIncrements)));
        Assert.Contains("primary key", RefusedAlter(t => t.Integer("k").Default(0).PrimaryKey()));
        Assert.Contains("no change", RefusedAlter(t => { }));
        SchemaStatements.AlterTable("t", t => t.Integer("count").Default(0));
        SchemaStatements.AlterTable("t", t => t.Integer("count").Nullable());
    }

    [Fact]
    public void Renames_stay_in_their_schema()
    {
        Assert.Equal(new RenameTableStatement("app.a", "b"), SchemaStatements.RenameTable("app.a", "b"));
        SchemaStatements.RenameTable("app.a", "app.b");
        Assert.Throws<ArgumentException>(() => SchemaStatements.RenameTable("app.a", "other.b"));
        Assert.Throws<ArgumentException>(() => SchemaStatements.DropTable("users.*"));
    }

    private static string Refused(Action<TableBuilder> define) =>
        Assert.Throws<InvalidOperationException>(() => SchemaStatements.CreateTable("t", define)).Message;

    private static string RefusedAlter(Action<AlterTableBuilder> define) =>
        Assert.Throws<InvalidOperationException>(() => SchemaStatements.AlterTable("t", define)).Message;
}
