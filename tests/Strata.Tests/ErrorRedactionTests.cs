using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// Each dialect's <see cref="SqlDialect.RedactValues"/> on the texts its server really sends (taken from PostgreSQL 17,
/// MariaDB and SQLite): values masked, names, codes and structure kept, and a second pass changing nothing.
/// </summary>
public class ErrorRedactionTests
{
    [Theory]
    [InlineData("invalid input syntax for type integer: \"abc\"", "invalid input syntax for type integer: \"***\"")]
    [InlineData("22P02: invalid input syntax for type integer: \"abc\"\n\nPOSITION: 8", "22P02: invalid input syntax for type integer: \"***\"\n\nPOSITION: 8")]
    [InlineData("invalid input syntax for type integer: \"a\"b\"", "invalid input syntax for type integer: \"***\"")]
    [InlineData("invalid input syntax for type integer: \"a\"b\" (SQLSTATE 22P02)", "invalid input syntax for type integer: \"***\" (SQLSTATE 22P02)")]
    [InlineData("value \"99999999999\" is out of range for type integer", "value \"***\" is out of range for type integer")]
    [InlineData("22003: \"1e400\" is out of range for type double precision", "22003: \"***\" is out of range for type double precision")]
    [InlineData("date/time field value out of range: \"2020-13-45\"", "date/time field value out of range: \"***\"")]
    [InlineData("malformed array literal: \"{x\"", "malformed array literal: \"***\"")]
    [InlineData("invalid value for parameter \"TimeZone\": \"Nowhere/Secret\"", "invalid value for parameter \"TimeZone\": \"***\"")]
    [InlineData("invalid value \"xx\" for \"DD\"", "invalid value \"***\" for \"***\"")]
    [InlineData("invalid byte sequence for encoding \"UTF8\": 0xff", "invalid byte sequence for encoding \"UTF8\": 0x**")]
    [InlineData("character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"",
        "character with byte sequence 0x** in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"")]
    [InlineData("Token \"secret\" is invalid.", "Token \"***\" is invalid.")]
    [InlineData("23505: duplicate key value violates unique constraint \"users_email_key\"\n\nDETAIL: Key (email)=(a@b.example) already exists.",
        "23505: duplicate key value violates unique constraint \"users_email_key\"\n\nDETAIL: Key (email)=(***) already exists.")]
    [InlineData("Key (a, b)=(1, x)) is not present in table \"parent\".", "Key (a, b)=(***) is not present in table \"parent\".")]
    [InlineData("Key (r)=([1,2)) conflicts with existing key (r)=([1,3)).", "Key (r)=(***) conflicts with existing key (r)=(***).")]
    [InlineData("Failing row contains (1, null, leaked-note).", "Failing row contains (***).")]
    [InlineData("null value in column \"name\" of relation \"users\" violates not-null constraint", "null value in column \"name\" of relation \"users\" violates not-null constraint")]
    [InlineData("new row for relation \"u\" violates check constraint \"u_c_check\"", "new row for relation \"u\" violates check constraint \"u_c_check\"")]
    [InlineData("syntax error at or near \"SELEC\"", "syntax error at or near \"SELEC\"")]
    [InlineData("value too long for type character varying(3)", "value too long for type character varying(3)")]
    [InlineData("Duplicate value for unique constraint \"users_email\" on table \"users\" (SQLSTATE 23505)", "Duplicate value for unique constraint \"users_email\" on table \"users\" (SQLSTATE 23505)")]
    public void PostgreSQL_masks_values_and_keeps_names(string message, string expected) => AssertRedacts(new PostgresDialect(), message, expected);

    [Theory]
    [InlineData("Duplicate entry 'a@b' for key 'u_email'", "Duplicate entry '***' for key 'u_email'")]
    [InlineData("Duplicate entry 'it's for key 'x'' for key 'u_email' (MySQL error 1062).", "Duplicate entry '***' for key 'u_email' (MySQL error 1062).")]
    [InlineData("Incorrect integer value: 'abc-secret' for column `strata_test`.`u`.`n` at row 1", "Incorrect integer value: '***' for column `strata_test`.`u`.`n` at row 1")]
    [InlineData("Incorrect integer value: 'a'b' for column `strata_test`.`u`.`n` at row 1", "Incorrect integer value: '***' for column `strata_test`.`u`.`n` at row 1")]
    [InlineData("Incorrect datetime value: 'secret-date' for column 'd' at row 1", "Incorrect datetime value: '***' for column 'd' at row 1")]
    [InlineData("Truncated incorrect DOUBLE value: 'abc'", "Truncated incorrect DOUBLE value: '***'")]
    [InlineData("Encountered illegal value 'x1' when converting to DECIMAL", "Encountered illegal value '***' when converting to DECIMAL")]
    [InlineData("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'SELEC 'secret' FROM nowhere' at line 1 (MySQL error 1064).",
        "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '***' at line 1 (MySQL error 1064).")]
    [InlineData("Data too long for column 's' at row 1", "Data too long for column 's' at row 1")]
    [InlineData("Data truncated for column 'e' at row 1", "Data truncated for column 'e' at row 1")]
    [InlineData("Out of range value for column 'n' at row 1", "Out of range value for column 'n' at row 1")]
    [InlineData("Column 'name' cannot be null", "Column 'name' cannot be null")]
    [InlineData("Unknown column 'x' in 'field list'", "Unknown column 'x' in 'field list'")]
    [InlineData("Table 'strata_test.nope' doesn't exist", "Table 'strata_test.nope' doesn't exist")]
    [InlineData("Can't DROP 'secret'; check that column/key exists", "Can't DROP '***'; check that column/key exists")]
    [InlineData("Access denied for user 'strata'@'localhost' (using password: YES)", "Access denied for user 'strata'@'localhost' (using password: YES)")]
    [InlineData("Cannot add or update a child row: a foreign key constraint fails (`db`.`child`, CONSTRAINT `fk` FOREIGN KEY (`parent_id`) REFERENCES `p` (`id`))",
        "Cannot add or update a child row: a foreign key constraint fails (`db`.`child`, CONSTRAINT `fk` FOREIGN KEY (`parent_id`) REFERENCES `p` (`id`))")]
    public void MySQL_masks_values_and_keeps_names(string message, string expected) => AssertRedacts(new MariaDbDialect(), message, expected);

    [Theory]
    [InlineData("SQLite Error 1: 'bad JSON path: '$.[secret''.", "SQLite Error 1: 'bad JSON path: '***''.")]
    [InlineData("bad JSON path: '$.[secret'", "bad JSON path: '***'")]
    [InlineData("bad JSON path: '$.'b'", "bad JSON path: '***'")]
    [InlineData("SQLite Error 19: 'UNIQUE constraint failed: u.email'.", "SQLite Error 19: 'UNIQUE constraint failed: u.email'.")]
    [InlineData("cannot store TEXT value in INT column u.n", "cannot store TEXT value in INT column u.n")]
    [InlineData("near \"SELEC\": syntax error", "near \"SELEC\": syntax error")]
    public void SQLite_masks_values_and_keeps_names(string message, string expected) => AssertRedacts(new SqliteDialect(), message, expected);

    [Fact]
    public void A_value_whose_quote_is_never_closed_is_masked_to_the_end_of_its_line()
    {
        Assert.Equal("Duplicate entry '***\nnext", new MariaDbDialect().RedactValues("Duplicate entry 'truncated-by-the-server\nnext"));
        Assert.Equal("invalid input: \"***", new PostgresDialect().RedactValues("invalid input: \"abc"));
    }

    [Fact]
    public void An_exception_shows_its_inner_exceptions_redacted_and_its_own_stack_trace()
    {
        var driver = new InvalidOperationException("invalid input syntax for type integer: \"s3cret\"", new TimeoutException("The operation has timed out."));
        DatabaseException error;
        try
        {
            throw new DatabaseException("invalid input syntax for type integer: \"s3cret\" (SQLSTATE 22P02)",
                new DatabaseErrorDetails("postgresql", "22P02", Sql: "SELECT $1::integer"), driver);
        }
        catch (DatabaseException e)
        {
            error = e;
        }
        error.UseRedaction(new PostgresDialect().RedactValues);
        error.UseRedaction(null); // the first redaction stays

        var text = error.ToString();
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("s3cret", text);
        Assert.StartsWith("Strata.DatabaseException: invalid input syntax for type integer: \"***\" (SQLSTATE 22P02) [postgresql 22P02]", text);
        Assert.Contains("SQL: SELECT $1::integer", text);
        Assert.Contains(" ---> System.InvalidOperationException: invalid input syntax for type integer: \"***\"", text);
        Assert.Contains(" ---> System.TimeoutException: The operation has timed out.", text);
        Assert.Contains("--- End of inner exception stack trace ---", text);
        Assert.Contains(nameof(An_exception_shows_its_inner_exceptions_redacted_and_its_own_stack_trace), text);
    }

    [Fact]
    public void Keeping_values_shows_the_server_text_everywhere()
    {
        var error = new DatabaseException("invalid input syntax for type integer: \"s3cret\"", new DatabaseErrorDetails("postgresql", "22P02"),
            new InvalidOperationException("22P02: invalid input syntax for type integer: \"s3cret\""));
        error.UseRedaction(null);

        Assert.Contains("s3cret", error.Message);
        Assert.Contains("System.InvalidOperationException: 22P02: invalid input syntax for type integer: \"s3cret\"", error.ToString());
    }

    [Fact]
    public void The_base_dialect_masks_everything_quoted()
    {
        Assert.Equal("value '***' in \"***\"", new PlainDialect().RedactValues("value 'a' in \"b\""));
    }

    private static void AssertRedacts(SqlDialect dialect, string message, string expected)
    {
        var redacted = dialect.RedactValues(message);
        Assert.Equal(expected, redacted);
        Assert.Equal(redacted, dialect.RedactValues(redacted));
    }

    private sealed class PlainDialect : SqlDialect
    {
        public override string Name => "plain";

        public override DatabaseException? TranslateException(Exception exception, string? sql) => null;
    }
}
