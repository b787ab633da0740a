using System.Text;
using Microsoft.Data.Sqlite;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// Properties of the SQLite CREATE TABLE splitter over generated, hostile table definitions: identifiers with
/// every kind of quote, comments, nested parentheses, literals full of commas, parentheses and quotes. Each
/// case is seeded, so a failure names the seed and the SQL that broke it.
/// </summary>
public class SqliteDdlSplitterTests
{
    private const int Cases = 500;

    [Fact]
    public void Lexer_is_lossless_and_never_throws_on_any_text()
    {
        for (var seed = 0; seed < Cases * 5; seed++)
        {
            var random = new Random(seed);
            var text = Garbage(random);
            var tokens = SqliteLexer.Tokenize(text);
            Assert.True(string.Concat(tokens.Select(t => t.Text)) == text, $"seed {seed}: tokens do not give back the text {Show(text)}");
            Assert.All(tokens, t => Assert.NotEmpty(t.Text));
            try
            {
                SqliteTableText.Parse(text);
            }
            catch (FormatException)
            {
                // Refused with a FormatException: fine. Any other exception fails the test.
            }
        }
    }

    [Fact]
    public void Parse_refuses_or_accepts_mangled_definitions_with_a_FormatException_only()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var sql = new TableGenerator(random).Generate().Sql;
            // Cut it, drop a character or double one: unbalanced quotes and parentheses, half comments.
            var at = random.Next(sql.Length);
            var mangled = random.Next(3) switch
            {
                0 => sql[..at],
                1 => sql.Remove(at, 1),
                _ => sql.Insert(at, sql[at].ToString()),
            };
            try
            {
                var table = SqliteTableText.Parse(mangled);
                Assert.NotEmpty(table.Items);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Parse_finds_every_item_with_its_exact_text_name_and_constraints()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var generated = new TableGenerator(new Random(seed), commentsBetweenItems: false).Generate();
            var table = Parse(seed, generated.Sql);
            var context = $"seed {seed}: {generated.Sql}";
            Assert.True(generated.Items.Count == table.Items.Count, $"{context}\nexpected {generated.Items.Count} items, found {table.Items.Count}");
            for (var i = 0; i < generated.Items.Count; i++)
            {
                var expected = generated.Items[i];
                var item = table.Items[i];
                Assert.True(expected.Text == item.Text, $"{context}\nitem {i}: expected {Show(expected.Text)}, found {Show(item.Text)}");
                Assert.Equal(expected.ColumnName is not null, item.IsColumn);
                Assert.Equal(expected.ColumnName, item.ColumnName);
                Assert.Equal(expected.Constraints.Select(c => (c.Kind, c.Name)), item.Constraints.Select(c => (c.Kind, c.Name)));
                for (var c = 0; c < expected.Constraints.Count; c++)
                {
                    foreach (var column in expected.Constraints[c].Columns)
                        Assert.True(item.Mentions(generated.TableName, column), $"{context}\nitem {i} constraint {c} should mention {Show(column)}");
                    if (!item.IsColumn && expected.Constraints[c].Kind is SqliteConstraintKind.Unique or SqliteConstraintKind.PrimaryKey or SqliteConstraintKind.ForeignKey)
                        Assert.Equal(expected.Constraints[c].Columns, item.Constraints[c].Columns);
                    if (expected.Constraints[c].Expression is { } expression)
                        Assert.True(expression == item.Constraints[c].Expression(),
                            $"{context}\nitem {i} constraint {c}: expected expression {Show(expression)}");
                }
            }
            Assert.Equal(generated.Options, table.Options);
        }
    }

    [Fact]
    public void Items_written_back_parse_to_the_same_items_even_around_line_comments()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var table = Parse(seed, new TableGenerator(new Random(seed)).Generate().Sql);
            var written = "CREATE TABLE x (" + string.Join(", ", table.Items.Select(i => i.Render())) + ")";
            var again = Parse(seed, written);
            Assert.Equal(table.Items.Select(i => i.Text), again.Items.Select(i => i.Text));
            foreach (var item in table.Items) Assert.Equal(item.Text, SqliteTableText.ParseItem(item.Text).Text);
        }
    }

    [Fact]
    public void Removing_a_column_constraint_keeps_the_others_exactly()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var table = Parse(seed, new TableGenerator(random).Generate().Sql);
            foreach (var item in table.Items.Where(i => i.IsColumn && i.Constraints.Count > 0))
            {
                var removed = item.Constraints[random.Next(item.Constraints.Count)];
                var rest = SqliteTableText.ParseItem(item.Without(removed));
                Assert.Equal(item.ColumnName, rest.ColumnName);
                Assert.Equal(item.Constraints.Where(c => c != removed).Select(c => c.Text), rest.Constraints.Select(c => c.Text));
            }
        }
    }

    [Fact]
    public void SQLite_accepts_the_generated_tables_and_agrees_on_their_columns()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        for (var seed = 0; seed < Cases; seed++)
        {
            var generated = new TableGenerator(new Random(seed)).Generate();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = generated.Sql;
                try
                {
                    create.ExecuteNonQuery();
                }
                catch (SqliteException e)
                {
                    Assert.Fail($"seed {seed}: SQLite refused the generated table ({e.Message}): {generated.Sql}");
                }
            }
            var columns = new List<string>();
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT name FROM pragma_table_xinfo($t)";
                read.Parameters.AddWithValue("$t", generated.TableName);
                using var reader = read.ExecuteReader();
                while (reader.Read()) columns.Add(reader.GetString(0));
            }
            var table = Parse(seed, generated.Sql);
            Assert.Equal(columns, table.Columns.Select(c => c.ColumnName));
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE " + SqliteDdlCompiler.Quote(generated.TableName);
            drop.ExecuteNonQuery();
        }
    }

    [Theory]
    [InlineData("CREATE TABLE t (a INT, b TEXT)", "a INT|b TEXT")]
    [InlineData("CREATE TABLE \"t(1\" ( [a,b] INT , \"c\"\"d\" TEXT DEFAULT 'x,'')' )", "[a,b] INT|\"c\"\"d\" TEXT DEFAULT 'x,'')'")]
    [InlineData("create temp table if not exists main.t(a, -- one, two\n b /* , */ , c)", "a|-- one, two\n b /* , */|c")]
    [InlineData("CREATE TABLE t (a INT, UNIQUE (a) CHECK (a > 0) CONSTRAINT n FOREIGN KEY (a) REFERENCES p (id))", "a INT|UNIQUE (a)|CHECK (a > 0)|CONSTRAINT n FOREIGN KEY (a) REFERENCES p (id)")]
    [InlineData("CREATE TABLE t (a INT DEFAULT (1, 2)) WITHOUT ROWID", "a INT DEFAULT (1, 2)")]
    public void Splits_at_top_level_commas_only(string sql, string items) =>
        Assert.Equal(items.Split('|'), SqliteTableText.Parse(sql).Items.Select(i => i.Text));

    [Theory]
    [InlineData("CREATE VIEW v AS SELECT 1")]
    [InlineData("CREATE TABLE t AS SELECT 1")]
    [InlineData("CREATE TABLE t (a INT")]
    [InlineData("CREATE TABLE t (a 'unterminated)")]
    [InlineData("CREATE TABLE t (a INT,, b INT)")]
    [InlineData("CREATE TABLE t (UNIQUE (a))")]
    [InlineData("CREATE TABLE t (a INT, UNIQUE (a), b INT)")]
    public void Refuses_what_is_not_a_table_definition_with_a_FormatException(string sql) =>
        Assert.Throws<FormatException>(() => SqliteTableText.Parse(sql));

    [Fact]
    public void Reads_column_types_defaults_checks_and_constraint_names()
    {
        var table = SqliteTableText.Parse(
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, \"e\" VARCHAR ( 10 ) NOT NULL DEFAULT 'a' CONSTRAINT t_e_enum CHECK (\"e\" IN ('a', 'b'))," +
            " p INT CONSTRAINT p_fk REFERENCES parent (id) ON DELETE SET NULL NOT DEFERRABLE, CONSTRAINT \"u q\" UNIQUE (e, p), CHECK (p <> 0))");
        var e = table.FindColumn("E")!;
        Assert.Equal("VARCHAR ( 10 )", e.TypeName);
        Assert.Equal([SqliteConstraintKind.NotNull, SqliteConstraintKind.Default, SqliteConstraintKind.Check], e.Constraints.Select(c => c.Kind));
        Assert.Equal("'a'", e.Constraints[1].Expression());
        Assert.Equal("\"e\" IN ('a', 'b')", e.Constraints[2].Expression());
        Assert.Equal("t_e_enum", e.Constraints[2].Name);
        var p = table.FindColumn("p")!;
        Assert.Equal([SqliteConstraintKind.ForeignKey], p.Constraints.Select(c => c.Kind));
        Assert.Equal("parent", p.Constraints[0].ReferencedTable);
        Assert.Equal(["id"], p.Constraints[0].ReferencedColumns);
        var unique = table.Items[3].TableConstraint!;
        Assert.Equal(("u q", SqliteConstraintKind.Unique), (unique.Name, unique.Kind));
        Assert.Equal(["e", "p"], unique.Columns);
        Assert.Null(table.Items[4].TableConstraint!.Name);
        Assert.True(table.Items[4].Mentions("t", "P"));
        Assert.False(table.Items[4].Mentions("t", "e"));
    }

    private static SqliteTableText Parse(int seed, string sql)
    {
        try
        {
            return SqliteTableText.Parse(sql);
        }
        catch (FormatException e)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}\n{sql}");
        }
    }

    private static string Show(string text) => "«" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "»";

    private static string Garbage(Random random)
    {
        const string alphabet = "abcXY_09 \t\n\"'`[](),;.-/*+=<>!|?:@$#x\u00e9\u00a0\u4e2d";
        var builder = new StringBuilder();
        if (random.Next(2) == 0) builder.Append("CREATE TABLE t (");
        var length = random.Next(60);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(30) == 0) builder.Append("\ud83d\ude00");
            else builder.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }
}
