using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for the clause-family tests: one query's text per dialect, side by side, and its parameter values.</summary>
internal static class Golden
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();
    public static readonly SqlDialect MySql = new MySqlDialect();
    public static readonly SqlDialect MariaDb = new MariaDbDialect();

    public static void Check(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mysql, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MySql, mysql), (MariaDb, mysql) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(PagingCount.Bound(dialect, values), rendered.Values);
        }
    }

    public static void Check(SqlQuery query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Check(d => query.ToSql(d), sqlite, postgres, mysql, values);

    /// <summary>The same text on every dialect once <c>"</c> is <c>`</c> and <c>$n</c> is <c>@p(n-1)</c>.</summary>
    public static void Same(SqlQuery query, string sqlite, params object?[] values) =>
        Check(query, sqlite, Positional(sqlite), sqlite.Replace('"', '`'), values);

    /// <summary><paramref name="text"/> with <c>@p(n-1)</c> written as PostgreSQL's <c>$n</c>.</summary>
    public static string Positional(string text)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '@' && i + 1 < text.Length && text[i + 1] == 'p')
            {
                var j = i + 2;
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                builder.Append('$').Append(int.Parse(text[(i + 2)..j], System.Globalization.CultureInfo.InvariantCulture) + 1);
                i = j - 1;
            }
            else builder.Append(text[i]);
        }
        return builder.ToString();
    }
}
