using Strata.Diagnostics;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

public class QueryStatisticsTests
{
    public static TheoryData<SqlDialect, string, string> Shapes => new()
    {
        { new SqliteDialect(), "SELECT * FROM t WHERE a = @p0 AND id IN (@p1, @p2, @p3) AND b = @p4", "SELECT * FROM t WHERE a = @p0 AND id IN (@p1, ...) AND b = @p2" },
        { new SqliteDialect(), "SELECT * FROM t WHERE id IN (@p0)", "SELECT * FROM t WHERE id IN (@p0, ...)" },
        { new MySqlDialect(), "SELECT * FROM t WHERE id NOT IN (@p0,@p1) OR x in(@p2, @p3)", "SELECT * FROM t WHERE id NOT IN (@p0, ...) OR x in (@p1, ...)" },
        { new PostgresDialect(), "SELECT * FROM t WHERE a = $1 AND id IN ($2, $3, $4) AND b = $5", "SELECT * FROM t WHERE a = $1 AND id IN ($2, ...) AND b = $3" },
        { new PostgresDialect(), "SELECT * FROM t WHERE tag IN (NULL) AND a = $1", "SELECT * FROM t WHERE tag IN (NULL) AND a = $1" },
        { new SqliteDialect(), "SELECT 'IN (@p9, @p8)' AS x, y FROM t WHERE z IN (@p0, @p1)", "SELECT 'IN (@p9, @p8)' AS x, y FROM t WHERE z IN (@p0, ...)" },
        { new SqliteDialect(), "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE v = @p0)", "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE v = @p0)" },
        { new SqliteDialect(), "SELECT * FROM t WHERE main_id IN (@p0, 7)", "SELECT * FROM t WHERE main_id IN (@p0, 7)" },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void IN_lists_of_any_length_have_one_shape_and_later_placeholders_are_renumbered(SqlDialect dialect, string sql, string shape) =>
        Assert.Equal(shape, StatementShape.Normalize(sql, dialect));

    [Fact]
    public void A_statement_without_an_IN_list_is_returned_as_it_is()
    {
        var sql = "INSERT INTO users (name, email) VALUES (@p0, @p1)";
        Assert.Same(sql, StatementShape.Normalize(sql, new SqliteDialect()));
    }

    [Fact]
    public void Counts_errors_average_and_p95_are_kept_per_statement()
    {
        var statistics = new QueryStatistics();
        for (var i = 1; i <= 100; i++) statistics.Record("SELECT 1", TimeSpan.FromMilliseconds(i), failed: i % 10 == 0);
        statistics.Record("SELECT 2", TimeSpan.FromMilliseconds(500), failed: false);

        var snapshot = statistics.Snapshot();
        var one = snapshot.Find("SELECT 1")!;
        Assert.Equal(100, one.Count);
        Assert.Equal(10, one.Errors);
        Assert.Equal(0.1, one.ErrorRate, 3);
        Assert.Equal(TimeSpan.FromMilliseconds(50.5), one.AverageDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(100), one.MaxDuration);
        // The histogram answers within its bucket width (a quarter of a power of two).
        Assert.InRange(one.P95Duration.TotalMilliseconds, 95 * 0.88, 95 * 1.12);
        Assert.Equal(101, snapshot.TotalCount);
        Assert.Equal("SELECT 2", snapshot.Slowest(1)[0].Sql);
        Assert.Equal("SELECT 1", snapshot.Statements[0].Sql);
    }

    [Fact]
    public void The_least_recently_used_statements_are_dropped_when_the_limit_is_reached()
    {
        var statistics = new QueryStatistics(capacity: 20);
        for (var i = 0; i < 20; i++) statistics.Record($"SELECT {i}", TimeSpan.FromMilliseconds(1), failed: false);
        // Statement 0 is used again, so it is the most recent when the 21st arrives.
        statistics.Record("SELECT 0", TimeSpan.FromMilliseconds(1), failed: false);
        statistics.Record("SELECT 20", TimeSpan.FromMilliseconds(1), failed: false);

        var snapshot = statistics.Snapshot();
        Assert.InRange(snapshot.Statements.Count, 1, 20);
        Assert.NotNull(snapshot.Find("SELECT 0"));
        Assert.NotNull(snapshot.Find("SELECT 20"));
        Assert.Null(snapshot.Find("SELECT 1"));
        Assert.Equal(21 - snapshot.Statements.Count, snapshot.DroppedStatements);
    }

    [Fact]
    public void Concurrent_recording_loses_nothing()
    {
        var statistics = new QueryStatistics();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++) statistics.Record($"SELECT {i % 50}", TimeSpan.FromTicks(i), failed: false);
        });
        Assert.Equal(80_000, statistics.Snapshot().TotalCount);
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var statistics = new QueryStatistics();
        statistics.Record("SELECT 1", TimeSpan.FromMilliseconds(1), failed: true);
        statistics.Reset();
        Assert.Empty(statistics.Snapshot().Statements);
    }
}
