using Strata.Caching;
using Strata.Scripts;

namespace Strata.Tests;

public sealed class WriteStatementsTests
{
    private static readonly SqlLexicalRules MySql = new() { BackslashEscapes = true, HashComments = true, BacktickIdentifiers = true };

    [Theory]
    [InlineData("INSERT INTO \"users\" (a) VALUES (@p0)", "users")]
    [InlineData("insert or replace into app.\"Users\" values (1)", "users")]
    [InlineData("INSERT IGNORE INTO `orders` SET a = 1", "orders")]
    [InlineData("REPLACE INTO counters (n) VALUES (1)", "counters")]
    [InlineData("UPDATE \"users\" SET \"name\" = @p0 WHERE \"id\" = @p1", "users")]
    [InlineData("UPDATE ONLY public.users u SET name = $1", "users")]
    [InlineData("DELETE FROM users WHERE id = 1", "users")]
    [InlineData("DELETE FROM users USING orgs WHERE users.org = orgs.id", "users")]
    [InlineData("MERGE INTO stock USING incoming ON …", "stock")]
    [InlineData("TRUNCATE TABLE a, b", "a,b")]
    [InlineData("ALTER TABLE users ADD COLUMN x int", "users")]
    [InlineData("DROP TABLE IF EXISTS a, b", "a,b")]
    [InlineData("COPY \"readings\" (a, b) FROM STDIN (FORMAT BINARY)", "readings")]
    [InlineData("LOAD DATA LOCAL INFILE ':SOURCE:' INTO TABLE `t` FIELDS TERMINATED BY ','", "t")]
    [InlineData("-- note\nUPDATE a SET x = 'UPDATE b SET'; /* c */ INSERT INTO c VALUES (1)", "a,c")]
    [InlineData("SELECT * FROM users WHERE name = 'DELETE FROM x'", "")]
    [InlineData("CREATE TABLE t (id int)", "")]
    [InlineData("COPY t TO STDOUT", "")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x", "")]
    public void Names_the_tables_a_statement_writes(string sql, string expected)
    {
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), WriteStatements.Find(sql, MySql));
    }

    [Theory]
    [InlineData("UPDATE a JOIN b ON a.id = b.id SET a.x = 1")]
    [InlineData("UPDATE a, b SET a.x = b.x")]
    [InlineData("DELETE a FROM a JOIN b ON a.id = b.id")]
    [InlineData("WITH gone AS (DELETE FROM a RETURNING *) SELECT * FROM gone")]
    [InlineData("CALL refresh_totals()")]
    public void Returns_null_where_the_tables_written_cannot_be_named(string sql)
    {
        Assert.Null(WriteStatements.Find(sql, MySql));
    }
}
