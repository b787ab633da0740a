using System.Text.RegularExpressions;
using Strata.MySql;
using Strata.Postgres;

namespace Strata.Tests;

public partial class IdentifierTests
{
    [Theory]
    [InlineData("users")]
    [InlineData("_private")]
    [InlineData("app.users")]
    [InlineData("app.users.email")]
    [InlineData("price$2")]
    public void Valid_identifiers_pass(string name) => SqlIdentifier.Validate(name);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1users", "starting with the digit '1'")]
    [InlineData("users;", "';'")]
    [InlineData("us ers", "' '")]
    [InlineData("a..b", "empty part")]
    [InlineData("a.", "empty last part")]
    [InlineData("users--", "'-'")]
    [InlineData("usérs", "\\u00e9")]
    [InlineData("uѕers", "\\u0455")]
    public void Invalid_identifiers_say_what_is_wrong(string name, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SqlIdentifier.Validate(name));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_strings_are_either_refused_or_quote_to_one_safe_token()
    {
        const string alphabet = "abcXYZ_$09.\"'`;- \t\n*/\\()=%\u0430\u0455\u00e9\u200b\0";
        var random = new Random(20261123);
        var postgres = new PostgresDialect();
        var mysql = new MySqlDialect();
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var name = new string(chars);
            if (!SqlIdentifier.IsValid(name))
            {
                Assert.Throws<ArgumentException>(() => Sql.Identifier(name));
                continue;
            }
            accepted++;
            Assert.Matches(ValidShape(), name);
            Assert.Matches(QuotedPostgres(), postgres.QuoteIdentifier(name));
            Assert.Matches(QuotedMySql(), mysql.QuoteIdentifier(name));
        }
        Assert.True(accepted > 100, $"only {accepted} random names were valid; the generator should produce some");
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*(\.\*)?$")]
    private static partial Regex ValidShape();

    [GeneratedRegex("^\"[A-Za-z_][A-Za-z0-9_$]*\"(\\.\"[A-Za-z_][A-Za-z0-9_$]*\")*(\\.\\*)?$")]
    private static partial Regex QuotedPostgres();

    [GeneratedRegex(@"^`[A-Za-z_][A-Za-z0-9_$]*`(\.`[A-Za-z_][A-Za-z0-9_$]*`)*(\.\*)?$")]
    private static partial Regex QuotedMySql();
}
