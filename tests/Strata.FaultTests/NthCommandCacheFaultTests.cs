using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Redis;

namespace Strata.FaultTests;

/// <summary>
/// Query results cached in Redis while each command of a write is failed in turn (see <see cref="FaultLoop"/>): after a failed
/// write the cached read still matches the table, and after a completed one it shows the write, never an old result.
/// </summary>
public class NthCommandCacheFaultTests
{
    [Theory, FaultTargets]
    public async Task A_cached_read_always_matches_the_table_whichever_command_of_a_write_fails(Db kind, FaultKind fault)
    {
        var table = TestDatabase.Table("ft_cache");
        await using var redis = RedisStore.Open($"redis://127.0.0.1:6379?prefix={table}:");
        Task<IReadOnlyList<string>> CachedAsync(Database db) =>
            db.From(table).Select("name").OrderBy("name").Cached(TimeSpan.FromMinutes(5)).ToListAsync<string>();
        try
        {
            await FaultLoop.RunAsync(kind, fault, "write under a query cache", o => o.QueryCache = redis.QueryCache,
                reset: async db =>
                {
                    await db.Schema.DropTableIfExists(table).ExecuteAsync();
                    await db.Schema.CreateTable(table, t => { t.BigIncrements("id"); t.String("name", 50); }).ExecuteAsync();
                    await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"a"})");
                    Assert.Equal(["a"], await CachedAsync(db));
                },
                scenario: async db =>
                {
                    await db.TransactionAsync(async tx =>
                    {
                        await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"b"})");
                        await tx.From(table).Where("name", "a").UpdateAsync(new { name = "a2" });
                    });
                    await db.From(table).InsertAsync(new { name = "c" });
                },
                verify: async (db, completed) =>
                {
                    var actual = await db.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY name");
                    Assert.Equal(actual, await CachedAsync(db));
                    if (completed) Assert.Equal(["a2", "b", "c"], actual);
                });
        }
        finally
        {
            await using var cleanup = await FaultDatabase.OpenAsync(kind);
            await cleanup.Schema.DropTableIfExists(table).ExecuteAsync();
            await redis.Cache.FlushAsync();
        }
    }
}
