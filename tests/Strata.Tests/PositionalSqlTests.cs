using System.Text;
using CsCheck;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// SQL held in strings with ? or $1 placeholders: bound as parameters in each dialect's style, never inside quotes or comments,
/// with the argument count checked before anything runs. Property tests generate statements from pieces whose expected output
/// is known, for each dialect's quoting and comment rules.
/// </summary>
public class PositionalSqlTests
{
    private static readonly SqlDialect[] Dialects = [new SqliteDialect(), new PostgresDialect(), new MySqlDialect()];

    private static RenderedSql Render(SqlDialect dialect, string sql, params object?[] args) =>
        PositionalSql.Bind(sql, dialect.LexicalRules, args).Render(dialect);

    [Fact]
    public void Question_marks_become_each_dialects_parameters_in_order()
    {
        const string sql = "SELECT * FROM users WHERE active = ? AND org = ?";
        Assert.Equal("SELECT * FROM users WHERE active = @p0 AND org = @p1", Render(Dialects[0], sql, true, 7).Text);
        Assert.Equal("SELECT * FROM users WHERE active = $1 AND org = $2", Render(Dialects[1], sql, true, 7).Text);
        Assert.Equal("SELECT * FROM users WHERE active = @p0 AND org = @p1", Render(Dialects[2], sql, true, 7).Text);
        Assert.Equal([true, 7], Render(Dialects[1], sql, true, 7).Values);
    }

    [Fact]
    public void Numbered_placeholders_take_arguments_by_number_and_may_repeat()
    {
        var rendered = Render(Dialects[0], "SELECT * FROM t WHERE b = $2 AND (a = $1 OR a2 = $1)", "a", "b");
        Assert.Equal("SELECT * FROM t WHERE b = @p0 AND (a = @p1 OR a2 = @p2)", rendered.Text);
        Assert.Equal(["b", "a", "a"], rendered.Values);
    }

    [Fact]
    public void Question_marks_in_strings_identifiers_and_comments_are_text()
    {
        const string sql = "SELECT '?', \"a?\", x -- why?\n, y /* $1 ? */ FROM t WHERE z = ?";
        Assert.Equal("SELECT '?', \"a?\", x -- why?\n, y /* $1 ? */ FROM t WHERE z = $1", Render(Dialects[1], sql, 1).Text);
        Assert.Equal("SELECT `?` FROM t WHERE a = @p0 # ?\n", Render(Dialects[2], "SELECT `?` FROM t WHERE a = ? # ?\n", 1).Text);
        Assert.Equal("SELECT [a?] FROM t WHERE a = @p0", Render(Dialects[0], "SELECT [a?] FROM t WHERE a = ?", 1).Text);
        Assert.Equal("SELECT $$ ? $1 $$, $f$ ? $f$ WHERE a = $1", Render(Dialects[1], "SELECT $$ ? $1 $$, $f$ ? $f$ WHERE a = ?", 1).Text);
        Assert.Equal("SELECT 'it\\'s ?' WHERE a = @p0", Render(Dialects[2], "SELECT 'it\\'s ?' WHERE a = ?", 1).Text);
    }

    [Fact]
    public void PostgreSQL_jsonb_operators_are_written_doubled_or_left_alone_by_numbered_placeholders()
    {
        var doubled = Render(Dialects[1], "SELECT * FROM t WHERE data ?? 'a' AND data ??| array['b'] AND data ??& ? AND id = ?", new[] { "c" }, 5);
        Assert.Equal("SELECT * FROM t WHERE data ? 'a' AND data ?| array['b'] AND data ?& $1 AND id = $2", doubled.Text);
        var numbered = Render(Dialects[1], "SELECT * FROM t WHERE data ? $1 AND data ?| $2", "a", new[] { "b" });
        Assert.Equal("SELECT * FROM t WHERE data ? $1 AND data ?| $2", numbered.Text);
    }

    [Fact]
    public void A_dollar_inside_a_word_is_not_a_placeholder()
    {
        Assert.Equal("SELECT a$1 FROM t WHERE b = @p0", Render(Dialects[2], "SELECT a$1 FROM t WHERE b = ?", 1).Text);
    }

    [Fact]
    public void A_collection_argument_expands_for_IN_as_a_collection_hole_does()
    {
        var ids = new List<int> { 1, 2, 3 };
        Assert.Equal("SELECT * FROM t WHERE id IN (@p0, @p1, @p2) AND a = @p3", Render(Dialects[0], "SELECT * FROM t WHERE id IN (?) AND a = ?", ids, "x").Text);
        Assert.Equal("SELECT * FROM t WHERE id = ANY($1) AND a = $2", Render(Dialects[1], "SELECT * FROM t WHERE id IN (?) AND a = ?", ids, "x").Text);
        Assert.Equal([1, 2, 3, "x"], RenderedValues.Flat(Render(Dialects[1], "SELECT * FROM t WHERE id IN (?) AND a = ?", ids, "x").Values));
        Assert.Equal("SELECT @p0", Render(Dialects[0], "SELECT ?", "text is one value").Text);
    }

    [Fact]
    public void A_wrong_number_of_arguments_fails_early_naming_both_counts()
    {
        var few = Assert.Throws<ArgumentException>(() => Render(Dialects[0], "SELECT ? + ?", 1));
        Assert.Contains("2 ? placeholders but 1 argument was given", few.Message, StringComparison.Ordinal);
        Assert.Contains("??", few.Message, StringComparison.Ordinal);
        var many = Assert.Throws<ArgumentException>(() => Render(Dialects[1], "SELECT $1", 1, 2));
        Assert.Contains("takes 1 argument, but 2 arguments were given", many.Message, StringComparison.Ordinal);

        // An array of strings is the whole argument list to C#: the message says how to pass it as one list.
        var list = Assert.Throws<ArgumentException>(() => PositionalSql.Bind("SELECT * FROM t WHERE a IN (?)", Dialects[0].LexicalRules, new[] { "a", "b" }));
        Assert.Contains("new object[] { values }", list.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_placeholders_are_refused()
    {
        Assert.Contains("$1", Assert.Throws<ArgumentException>(() => Render(Dialects[0], "SELECT ?1", 1)).Message, StringComparison.Ordinal);
        Assert.Contains("start at $1", Assert.Throws<ArgumentException>(() => Render(Dialects[0], "SELECT $0")).Message, StringComparison.Ordinal);
        Assert.Contains("never $2", Assert.Throws<ArgumentException>(() => Render(Dialects[0], "SELECT $1, $3", 1, 2, 3)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Render(Dialects[0], "SELECT ?", Sql.Raw("1")));
    }

    [Fact]
    public void Question_mark_statements_bind_every_placeholder_in_order_and_nothing_inside_quotes_or_comments()
    {
        foreach (var dialect in Dialects)
        {
            Statements(dialect.LexicalRules, numbered: false).Sample(pieces =>
            {
                var (sql, expected, numbers) = Assemble(pieces, dialect);
                var template = PositionalTemplate.Parse(sql, dialect.LexicalRules);
                Assert.Equal(numbers.Count, template.ArgumentCount);
                Assert.Equal(Enumerable.Range(0, numbers.Count), template.Slots);
                var args = numbers.Select(n => (object?)n).ToArray();
                Assert.Equal(expected, Render(dialect, sql, args).Text);

                // One argument too few or too many is refused with both counts in the message.
                foreach (var wrong in new[] { numbers.Count + 1, numbers.Count - 1 }.Where(n => n >= 0))
                {
                    var e = Assert.Throws<ArgumentException>(() => Render(dialect, sql, new object?[wrong]));
                    Assert.Contains($"{numbers.Count} ? placeholder", e.Message, StringComparison.Ordinal);
                    Assert.Contains(wrong == 1 ? "1 argument was given" : $"{wrong} arguments were given", e.Message, StringComparison.Ordinal);
                }
            }, iter: 2_000, print: Print);
        }
    }

    [Fact]
    public void Numbered_statements_bind_by_number_leave_question_marks_as_text_and_refuse_gaps()
    {
        foreach (var dialect in Dialects)
        {
            Statements(dialect.LexicalRules, numbered: true).Sample(pieces =>
            {
                var (sql, expected, numbers) = Assemble(pieces, dialect);
                var highest = numbers.DefaultIfEmpty(0).Max();
                var gap = Enumerable.Range(1, highest).FirstOrDefault(n => !numbers.Contains(n));
                if (gap > 0)
                {
                    var e = Assert.Throws<ArgumentException>(() => PositionalTemplate.Parse(sql, dialect.LexicalRules));
                    Assert.Contains($"never ${gap}", e.Message, StringComparison.Ordinal);
                    return;
                }
                var template = PositionalTemplate.Parse(sql, dialect.LexicalRules);
                Assert.Equal(highest, template.ArgumentCount);
                Assert.Equal(numbers.Select(n => n - 1), template.Slots);
                var rendered = Render(dialect, sql, Enumerable.Range(1, highest).Select(n => (object?)n).ToArray());
                Assert.Equal(expected, rendered.Text);
                Assert.Equal(numbers.Select(n => (object?)n), rendered.Values);
            }, iter: 2_000, print: Print);
        }
    }

    [Fact]
    public void Any_text_is_read_or_refused_with_an_argument_exception()
    {
        var text = Gen.OneOf("a", " ", "?", "$", "1", "'", "\"", "`", "[", "]", "-", "/", "*", "#", "\\", "\n", "E", "q")
            .Array[0, 40].Select(parts => string.Concat(parts));
        foreach (var dialect in Dialects)
        {
            text.Sample(sql =>
            {
                PositionalTemplate template;
                try
                {
                    template = PositionalTemplate.Parse(sql, dialect.LexicalRules);
                }
                catch (ArgumentException)
                {
                    return;
                }
                Assert.Equal(template.Slots.Length + 1, template.Texts.Length);
                Assert.All(template.Slots, s => Assert.InRange(s, 0, template.ArgumentCount - 1));
                var rendered = Render(dialect, sql, new object?[template.ArgumentCount]);
                Assert.Equal(template.Slots.Length, rendered.Values.Length);
            }, iter: 3_000);
        }
    }

    /// <summary>A piece of a statement: its SQL, what the scanner must leave of it (null for a placeholder), and the placeholder's number.</summary>
    public sealed record Piece(string Sql, string? Text, int Number);

    private static (string Sql, string Expected, List<int> Numbers) Assemble(Piece[] pieces, SqlDialect dialect)
    {
        var sql = new StringBuilder();
        var expected = new StringBuilder();
        var numbers = new List<int>();
        foreach (var piece in pieces)
        {
            sql.Append(piece.Sql).Append(' ');
            if (piece.Text is null)
            {
                dialect.AppendParameterPlaceholder(expected, numbers.Count);
                numbers.Add(piece.Number);
            }
            else
            {
                expected.Append(piece.Text);
            }
            expected.Append(' ');
        }
        return (sql.ToString(), expected.ToString(), numbers);
    }

    private static string Print(Piece[] pieces) => string.Join(" ", pieces.Select(p => p.Sql));

    /// <summary>Statements made of code, placeholders, ?? escapes, and strings, identifiers and comments full of ? and $1.</summary>
    private static Gen<Piece[]> Statements(Scripts.SqlLexicalRules rules, bool numbered)
    {
        static Gen<string> Content(params string[] words) => Gen.OneOf(words).Array[0, 8].Select(w => string.Concat(w));
        var tricky = new[] { "a", " ", "?", "??", "$1", "$2", "-", "#", "'", "\"", "`", "[", "]", "\n", "*", "/" };
        string[] Without(params string[] excluded) => tricky.Where(w => !excluded.Any(x => w.Contains(x, StringComparison.Ordinal))).ToArray();

        var pieces = new List<Gen<Piece>>
        {
            Gen.OneOf("a", "x1", "=", "(", ")", ",", "+", "42", "SELECT", "t.c", "::int", "-", "/", "*").Select(c => new Piece(c, c, 0)),
            Gen.Const(new Piece("??", "?", 0)),
            numbered ? Gen.Int[1, 4].Select(n => new Piece("$" + n, null, n)) : Gen.Const(new Piece("?", null, 0)),
            Content([.. Without("'", "\\"), "''", .. rules.BackslashEscapes ? new[] { "\\'", "\\\\" } : []]).Select(c => Verbatim($"'{c}'")),
            Content([.. Without("\"", "\\"), "\"\""]).Select(c => Verbatim($"\"{c}\"")),
            Content(Without("\n")).Select(c => Verbatim($"--{c}\n")),
            Content(Without("*", "/")).Select(c => Verbatim($"/*{c}*/")),
        };
        if (numbered) pieces.Add(Gen.Const(new Piece("?", "?", 0)));
        if (rules.BacktickIdentifiers) pieces.Add(Content([.. Without("`"), "``"]).Select(c => Verbatim($"`{c}`")));
        if (rules.BracketIdentifiers) pieces.Add(Content(Without("]")).Select(c => Verbatim($"[{c}]")));
        if (rules.HashComments) pieces.Add(Content(Without("\n")).Select(c => Verbatim($"#{c}\n")));
        if (rules.DollarQuotes)
        {
            pieces.Add(Content(Without("$")).Select(c => Verbatim($"$${c}$$")));
            pieces.Add(Content(Without("$")).Select(c => Verbatim($"$q${c} $1 ? $q$")));
        }
        var statements = Gen.OneOf([.. pieces]).Array[0, 24];
        // A statement without a numbered placeholder is a ?-style one, so each numbered statement gets at least one.
        return numbered ? statements.Select(p => p.Any(x => x.Number > 0) ? p : [new Piece("$1", null, 1), .. p]) : statements;
    }

    private static Piece Verbatim(string sql) => new(sql, sql, 0);
}
