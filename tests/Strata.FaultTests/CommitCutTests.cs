using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>
/// The connection is cut while COMMIT is in flight, through a proxy in front of the shared server (which is not touched):
/// before COMMIT reaches the server and after the server committed. Either way the outcome is unknown to the client, so
/// Strata must say so with <see cref="CommitOutcomeUnknownException"/> and never run the work again.
/// </summary>
public class CommitCutTests
{
    public static TheoryData<Db, CommitCut> Targets()
    {
        var data = new TheoryData<Db, CommitCut>();
        foreach (var row in new ServerDatabasesAttribute().GetData(typeof(CommitCutTests).GetMethod(nameof(Targets))!))
            foreach (var cut in Enum.GetValues<CommitCut>())
                data.Add((Db)row[0], cut);
        return data;
    }

    private static async Task<(CommitCuttingProxy Proxy, Database Db, Database Direct, string Table)> OpenAsync(Db kind)
    {
        var url = new Uri(kind == Db.Postgres ? TestDatabase.PostgresUrl : TestDatabase.MariaDbUrl);
        var proxy = new CommitCuttingProxy(url.Port);
        // Plain TCP, so that the proxy can see COMMIT go by.
        var proxied = new UriBuilder(url) { Port = proxy.Port, Query = "sslmode=disable" }.Uri.ToString();
        var direct = await TestDatabase.OpenAsync(kind);
        var table = TestDatabase.Table("ft_cut");
        await direct.Schema.CreateTable(table, t => { t.Integer("id"); t.String("name", 50); }).ExecuteAsync();
        var db = await TestDatabase.OpenAsync(kind, o => o.Url = proxied);
        return (proxy, db, direct, table);
    }

    [Theory, MemberData(nameof(Targets))]
    public async Task A_commit_cut_in_flight_is_CommitOutcomeUnknownException_and_the_work_is_not_run_again(Db kind, CommitCut cut)
    {
        var (proxy, db, direct, table) = await OpenAsync(kind);
        await using var _ = proxy;
        await using var __ = direct;
        try
        {
            await using (db)
            {
                var runs = 0;
                proxy.Arm(cut);
                var error = await Record.ExceptionAsync(() => db.TransactionAsync(async tx =>
                {
                    Interlocked.Increment(ref runs);
                    await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name) VALUES ({1}, {"cut"})");
                }, new TransactionOptions { Retries = 5 }));

                Assert.True(proxy.Cuts == 1, $"{kind}, {cut}: the proxy saw no COMMIT to cut; the transaction ended with {error}");
                Assert.True(error is CommitOutcomeUnknownException, $"{kind}, {cut}: expected CommitOutcomeUnknownException, got {error}");
                Assert.Equal(1, runs);
                Assert.False(error!.ToString().Contains("strata:strata", StringComparison.Ordinal));
                // The client cannot know, but the server does: the row is there only when COMMIT reached it.
                var rows = await direct.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}");
                Assert.True((cut == CommitCut.AfterServer ? 1 : 0) == rows, $"{kind}, {cut}: {rows} row(s) committed; proxy: {proxy.Log}");
                // The pool recovers: the next transaction through the same proxy commits.
                await db.TransactionAsync(tx => tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name) VALUES ({2}, {"after"})"));
                Assert.Equal(rows + 1, await direct.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
            }
        }
        finally
        {
            await direct.Schema.DropTableIfExists(table).ExecuteAsync();
        }
    }

    [Theory, MemberData(nameof(Targets))]
    public async Task An_explicit_commit_cut_in_flight_is_CommitOutcomeUnknownException(Db kind, CommitCut cut)
    {
        var (proxy, db, direct, table) = await OpenAsync(kind);
        await using var _ = proxy;
        await using var __ = direct;
        try
        {
            await using (db)
            {
                await using var tx = await db.BeginTransactionAsync();
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name) VALUES ({1}, {"cut"})");
                proxy.Arm(cut);
                var error = await Record.ExceptionAsync(() => tx.CommitAsync());
                Assert.True(error is CommitOutcomeUnknownException, $"{kind}, {cut}: expected CommitOutcomeUnknownException, got {error}");
                Assert.False(tx.IsActive);
                var committed = await direct.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}");
                Assert.True((cut == CommitCut.AfterServer ? 1 : 0) == committed, $"{kind}, {cut}: {committed} row(s) committed; proxy: {proxy.Log}");
            }
        }
        finally
        {
            await direct.Schema.DropTableIfExists(table).ExecuteAsync();
        }
    }
}
