using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Schema;
using Strata.Sqlite;
using Strata.Transfer;

namespace Strata.Tests;

/// <summary>The dialect hooks a restore uses, side by side, and which introspected defaults an archive carries.</summary>
public class TransferDialectTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    [Fact]
    public void Renaming_many_tables_at_once_is_one_statement_on_MySQL_and_none_elsewhere()
    {
        Assert.Equal("RENAME TABLE `books` TO `strata_replaced_0_books`, `strata_restore_0_books` TO `books`",
            MySql.RenameTablesSql([("books", "strata_replaced_0_books"), ("strata_restore_0_books", "books")])!.Render(MySql).Text);
        Assert.Null(Postgres.RenameTablesSql([("a", "b")]));
        Assert.Null(Sqlite.RenameTablesSql([("a", "b")]));
    }

    [Fact]
    public void Foreign_keys_are_added_in_place_except_on_SQLite()
    {
        Assert.True(Postgres.AltersForeignKeysInPlace);
        Assert.True(MySql.AltersForeignKeysInPlace);
        Assert.False(Sqlite.AltersForeignKeysInPlace);
    }

    [Fact]
    public void Only_PostgreSQL_builds_primary_keys_and_indexes_after_the_rows_are_loaded()
    {
        Assert.True(Postgres.BuildsKeysAfterBulkLoad);
        Assert.False(MySql.BuildsKeysAfterBulkLoad);
        Assert.False(Sqlite.BuildsKeysAfterBulkLoad);
    }

    [Theory]
    [InlineData("CURRENT_TIMESTAMP", true)]
    [InlineData("current_timestamp(6)", true)]
    [InlineData("now()", true)]
    [InlineData("strftime('%Y-%m-%d %H:%M:%f', 'now')", false)]
    [InlineData("'CURRENT_TIMESTAMP'", false)]
    public void The_current_timestamp_default_is_recognised_in_its_standard_spellings(string sql, bool expected)
    {
        Assert.Equal(expected, Postgres.IsCurrentTimestampDefault(sql));
        Assert.True(Sqlite.IsCurrentTimestampDefault("strftime('%Y-%m-%d %H:%M:%f', 'now')"));
    }

    [Fact]
    public void Literal_defaults_are_carried_in_the_column_type_and_expressions_are_left_out()
    {
        Assert.Equal("it's", ArchiveDefault.From("'it''s'", ColumnType.String(10), Postgres)!.Literal);
        Assert.Equal(3L, ArchiveDefault.From("(3)", ColumnType.Integer, Sqlite)!.Literal);
        Assert.Equal(1.25m, ArchiveDefault.From("1.25", ColumnType.Decimal(10, 2), MySql)!.Literal);
        Assert.Equal(true, ArchiveDefault.From("1", ColumnType.Boolean, MySql)!.Literal);
        Assert.True(ArchiveDefault.From("CURRENT_TIMESTAMP", ColumnType.Timestamp(true), Postgres)!.CurrentTimestamp);
        Assert.Null(ArchiveDefault.From("CURRENT_TIMESTAMP", ColumnType.String(10), Postgres));
        Assert.Null(ArchiveDefault.From("gen_random_uuid()", ColumnType.Uuid, Postgres));
        Assert.Null(ArchiveDefault.From("lower('X')", ColumnType.Text, Postgres));
        Assert.Null(ArchiveDefault.From("NULL", ColumnType.Text, MySql));
    }
}
