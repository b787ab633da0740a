using Strata.Scripts;

namespace Strata.Tests;

/// <summary>Splitting SQL scripts into statements: terminators inside quotes, comments and bodies stay, lines are counted.</summary>
public class SqlScriptTests
{
    private static readonly SqlLexicalRules Postgres = new Postgres.PostgresDialect().LexicalRules;
    private static readonly SqlLexicalRules MySql = new MySql.MySqlDialect().LexicalRules;
    private static readonly SqlLexicalRules Sqlite = new Sqlite.SqliteDialect().LexicalRules;

    private static string[] Texts(string script, SqlLexicalRules rules) => [.. SqlScript.Split(script, rules).Select(s => s.Text)];

    [Fact]
    public void Statements_split_at_semicolons_with_their_lines_and_positions()
    {
        var statements = SqlScript.Split("CREATE TABLE a (x int);\n\n-- a comment; still a comment\nINSERT INTO a VALUES (1);\n  SELECT 1", SqlLexicalRules.Standard, firstLine: 10);

        Assert.Equal(
            [new("CREATE TABLE a (x int)", 10, 1), new("INSERT INTO a VALUES (1)", 13, 2), new SqlScriptStatement("SELECT 1", 14, 3)],
            statements);
    }

    [Fact]
    public void Empty_statements_and_comment_only_scripts_give_nothing()
    {
        Assert.Empty(SqlScript.Split("", SqlLexicalRules.Standard));
        Assert.Empty(SqlScript.Split(" ;; \n -- only a comment\n /* and; this */ ;", SqlLexicalRules.Standard));
        Assert.Equal(["SELECT 1"], Texts(";;SELECT 1;;", SqlLexicalRules.Standard));
    }

    [Fact]
    public void Semicolons_inside_quotes_and_comments_do_not_end_a_statement()
    {
        Assert.Equal(["SELECT 'a;b', \"c;d\", 'it''s;' /* x; */ FROM t -- y;\n WHERE 1 = 1", "SELECT 2"],
            Texts("SELECT 'a;b', \"c;d\", 'it''s;' /* x; */ FROM t -- y;\n WHERE 1 = 1; SELECT 2", SqlLexicalRules.Standard));
    }

    [Fact]
    public void Postgres_dollar_quoted_bodies_nested_comments_and_escape_strings()
    {
        var function = "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN NEW.x := 'a;b'; RETURN NEW; END; $body$ LANGUAGE plpgsql";
        Assert.Equal([function, "SELECT $$;$$", "SELECT /* a /* b; */ c; */ 1", "SELECT E'it\\'s;'", "SELECT $1"],
            Texts(function + "; SELECT $$;$$; SELECT /* a /* b; */ c; */ 1; SELECT E'it\\'s;'; SELECT $1", Postgres));
    }

    [Fact]
    public void MySql_backslash_escapes_hash_comments_backticks_and_delimiter_lines()
    {
        Assert.Equal(["SELECT 'it\\'s;', `a;b`", "SELECT 2"], Texts("SELECT 'it\\'s;', `a;b` # c;\n; SELECT 2", MySql));

        var script = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\nCALL p();";
        var statements = SqlScript.Split(script, MySql);
        Assert.Equal(["CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "CALL p()"], statements.Select(s => s.Text));
        Assert.Equal([2, 4], statements.Select(s => s.Line));
        // Without DELIMITER lines a delimiter is only a statement's text elsewhere.
        Assert.Equal(["DELIMITER $$"], Texts("DELIMITER $$", Postgres));
    }

    [Fact]
    public void Trigger_and_routine_bodies_keep_their_inner_statements()
    {
        var trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END; INSERT INTO c VALUES (1); END";
        Assert.Equal([trigger, "SELECT 1"], Texts(trigger + ";\nSELECT 1;", Sqlite));

        var procedure = "CREATE PROCEDURE p() BEGIN IF 1 = 1 THEN SELECT 1; END IF; WHILE 0 DO SELECT 2; END WHILE; END";
        Assert.Equal([procedure, "CALL p()"], Texts(procedure + "; CALL p();", MySql));

        // A transaction's BEGIN is not a block.
        Assert.Equal(["BEGIN", "INSERT INTO a VALUES (1)", "COMMIT"], Texts("BEGIN; INSERT INTO a VALUES (1); COMMIT;", Sqlite));
        Assert.Equal(["CREATE TABLE trigger_log (id int)", "SELECT 1"], Texts("CREATE TABLE trigger_log (id int); SELECT 1", Sqlite));
    }

    [Fact]
    public void Unclosed_quotes_run_to_the_end_instead_of_failing()
    {
        Assert.Equal(["SELECT 'open; SELECT 2"], Texts("SELECT 'open; SELECT 2", SqlLexicalRules.Standard));
        Assert.Equal(["SELECT 1"], Texts("SELECT 1 /* open; SELECT 2", SqlLexicalRules.Standard));
    }

    [Fact]
    public void Random_scripts_of_quoted_pieces_split_back_into_their_statements()
    {
        var random = new Random(20261201);
        string[] pieces = ["SELECT", "1", "'a;b'", "'it''s'", "\"q;\"", "/* c; */", "x", "(", ")", ",", "'--;'", "\"/*\"", "'\n;'", "-- line;\n", "$$;$$", "$t$ ; $t$"];
        foreach (var rules in new[] { SqlLexicalRules.Standard, Postgres, Sqlite })
        {
            for (var run = 0; run < 500; run++)
            {
                var count = random.Next(1, 6);
                var statements = new List<string>();
                for (var n = 0; n < count; n++)
                {
                    var parts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(rules.DollarQuotes ? pieces.Length : pieces.Length - 2)]);
                    statements.Add("SELECT " + string.Join(" ", parts) + " END");
                }
                var script = string.Join(random.Next(2) == 0 ? ";\n" : " ; ", statements) + (random.Next(2) == 0 ? ";" : "");

                var split = SqlScript.Split(script, rules);

                Assert.Equal(statements, split.Select(s => s.Text));
                Assert.Equal(Enumerable.Range(1, count), split.Select(s => s.Position));
            }
        }
    }
}
