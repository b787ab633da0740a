using System.ComponentModel.DataAnnotations.Schema;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>Golden SQL for array conditions: PostgreSQL's = ANY, @&gt; and &amp;&amp;, refused where a database has no arrays.</summary>
public class ArrayQueryTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    private static SqlQuery Posts => new("posts");

    [Fact]
    public void Array_conditions_compile_to_PostgreSQL_operators_with_one_parameter_each()
    {
        var wanted = new List<string> { "a", "b" };
        var rendered = Posts.WhereAny("tags", "x").WhereArrayContains("tags", wanted).WhereArrayOverlaps("tags", new[] { "c" }).ToSql(Postgres);
        Assert.Equal("SELECT * FROM \"posts\" WHERE $1 = ANY(\"tags\") AND \"tags\" @> $2 AND \"tags\" && $3", rendered.Text);
        Assert.Equal("x", rendered.Values[0]);
        // Copied when the condition is built, typed as the collection: a later change does not show.
        var contains = Assert.IsType<string[]>(rendered.Values[1]);
        wanted.Add("z");
        Assert.Equal(["a", "b"], contains);
        Assert.Equal(["c"], Assert.IsType<string[]>(rendered.Values[2]));
    }

    [Fact]
    public void Databases_without_arrays_refuse_array_conditions_naming_the_capability()
    {
        foreach (var dialect in new[] { Sqlite, MySql })
        {
            var error = Assert.Throws<NotSupportedException>(() => Posts.WhereArrayOverlaps("tags", new[] { 1 }).ToSql(dialect));
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentException>(() => Posts.WhereArrayContains("tags", "abc"));
        Assert.Throws<ArgumentException>(() => Posts.WhereAny("tags", null!));
    }

    [Fact]
    public void A_lambda_over_an_array_member_becomes_ANY_while_a_captured_list_stays_IN()
    {
        var tag = "news";
        long[] ids = [1, 2];
        var rendered = new SqlQuery<Post>().Where(p => p.Tags.Contains(tag) && ids.Contains(p.Id) && p.Scores.Contains(7)).ToSql(Postgres);
        Assert.Equal("SELECT * FROM \"posts\" WHERE $1 = ANY(\"tags\") AND \"id\" = ANY($2) AND $3 = ANY(\"scores\")", rendered.Text);
        Assert.Equal("news", rendered.Values[0]);
        Assert.Equal([1L, 2L], Assert.IsType<InListValues>(rendered.Values[1]).Items);
        Assert.Equal(7, rendered.Values[2]);
        Assert.Equal("SELECT * FROM \"posts\" WHERE \"id\" IN (@p0, @p1)", new SqlQuery<Post>().Where(p => ids.Contains(p.Id)).ToSql(Sqlite).Text);
        Assert.Throws<NotSupportedException>(() => new SqlQuery<Post>().Where(p => p.Tags.Contains(tag)).ToSql(Sqlite));
    }

    [Fact]
    public void Contains_over_a_JSON_member_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new SqlQuery<Post>().Where(p => p.Notes.Contains("x")));
        Assert.Contains("stored as JSON", error.Message, StringComparison.Ordinal);
    }

    [Table("posts")]
    public sealed class Post
    {
        public long Id { get; set; }
        public string[] Tags { get; set; } = [];
        public List<int> Scores { get; set; } = [];
        [JsonColumn] public List<string> Notes { get; set; } = [];
    }
}
