using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>Which SQL a read replica may run: <see cref="SqlDialect.IsReadStatement"/> per dialect.</summary>
public class ReadStatementTests
{
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();
    private static readonly SqlDialect Sqlite = new SqliteDialect();

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("  select * from users where id = $1")]
    [InlineData("-- a comment\n/* and /* a nested */ one */ SELECT pg_is_in_recovery()")]
    [InlineData("WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent")]
    [InlineData("SHOW server_version")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("(SELECT 1) UNION (SELECT 2)")]
    [InlineData("SELECT 'for update', \"update\", $$ delete $$, $body$ insert $body$, E'it\\'s into' FROM t")]
    [InlineData("SELECT updated_at, inserted, deleted_by FROM t -- FOR UPDATE")]
    [InlineData("SELECT 1; SELECT 2;")]
    public void Reads_are_reads_on_postgres(string sql) => Assert.True(Postgres.IsReadStatement(sql));

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("UPDATE t SET a = 1")]
    [InlineData("DELETE FROM t")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM t")]
    [InlineData("SELECT * FROM t FOR UPDATE")]
    [InlineData("SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED")]
    [InlineData("select * from t for share")]
    [InlineData("SELECT * FROM t FOR KEY SHARE")]
    [InlineData("SELECT * INTO copy FROM t")]
    [InlineData("WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone")]
    [InlineData("SELECT 1; DROP TABLE t")]
    [InlineData("SELECT nextval('seq')")]
    [InlineData("SELECT pg_catalog.pg_advisory_lock(42)")]
    [InlineData("CREATE TABLE t (id int)")]
    [InlineData("")]
    [InlineData("  -- only a comment")]
    public void Writes_and_locking_reads_go_to_the_primary_on_postgres(string sql) => Assert.False(Postgres.IsReadStatement(sql));

    [Theory]
    [InlineData("SELECT * FROM `update` WHERE a = 'it\\'s for update'", true)]
    [InlineData("# a comment\nSELECT 1", true)]
    [InlineData("SHOW TABLES", true)]
    [InlineData("SELECT * FROM t LOCK IN SHARE MODE", false)]
    [InlineData("SELECT * FROM t FOR UPDATE", false)]
    [InlineData("SELECT GET_LOCK('x', 1)", false)]
    [InlineData("SELECT a INTO @v FROM t", false)]
    public void MySql_quoting_and_locks_are_understood(string sql, bool read) => Assert.Equal(read, MySql.IsReadStatement(sql));

    [Theory]
    [InlineData("SELECT * FROM [update]", true)]
    [InlineData("SELECT * FROM `delete`", true)]
    [InlineData("INSERT INTO t DEFAULT VALUES", false)]
    public void Sqlite_quoting_is_understood(string sql, bool read) => Assert.Equal(read, Sqlite.IsReadStatement(sql));

    [Fact]
    public void An_unquoted_column_named_like_a_locking_word_errs_towards_the_primary() =>
        Assert.False(Postgres.IsReadStatement("SELECT share FROM stocks"));
}
