using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// IN lists of any length: 70,000 values (past PostgreSQL's 65,535 parameters and SQLite's 32,766) give the same rows as a
/// short list, for interpolated and positional SQL and the query builder, with numbers and strings, IN and NOT IN.
/// </summary>
public class LargeInListTests
{
    private const int Rows = 1_000;
    private const int ListLength = 70_000;

    public sealed record Item(long Id, string Name);

    // Every even id up to 140,000 and every name "n{even id}": the table's even rows match, 500 of them.
    private static readonly long[] Ids = Enumerable.Range(1, ListLength).Select(i => 2L * i).ToArray();
    private static readonly string[] Names = Ids.Select(i => "n" + i).ToArray();
    private static readonly long[] ShortIds = Enumerable.Range(1, Rows / 2).Select(i => 2L * i).ToArray();
    private static readonly long[] EvenRows = ShortIds;
    private static readonly long[] OddRows = Enumerable.Range(0, Rows / 2).Select(i => 2L * i + 1).ToArray();

    [Theory, AllDatabases]
    public async Task Interpolated_IN_and_NOT_IN_with_70000_values_match_a_short_list(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            var t = Sql.Identifier(table);
            Assert.Equal(EvenRows, await database.QueryAsync<long>($"SELECT id FROM {t} WHERE id IN ({Ids}) ORDER BY id"));
            Assert.Equal(EvenRows, await database.QueryAsync<long>($"SELECT id FROM {t} WHERE id IN ({ShortIds}) ORDER BY id"));
            Assert.Equal(OddRows, await database.QueryAsync<long>($"SELECT id FROM {t} WHERE id NOT IN ({Ids}) ORDER BY id"));
            Assert.Equal(EvenRows, await database.QueryAsync<long>($"SELECT id FROM {t} WHERE name IN ({Names}) ORDER BY id"));
            Assert.Equal(OddRows, await database.QueryAsync<long>($"SELECT id FROM {t} WHERE name NOT IN ({Names}) ORDER BY id"));
            Assert.Equal(Rows / 2, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM {t} WHERE id IN ({Ids}) AND name IN ({Names})"));

            var streamed = 0;
            await foreach (var _ in database.StreamAsync<Item>($"SELECT id, name FROM {t} WHERE id NOT IN ({Ids})")) streamed++;
            Assert.Equal(Rows / 2, streamed);
            Assert.Equal(Rows / 2, await database.ExecuteAsync($"DELETE FROM {t} WHERE id IN ({Ids}) AND id > {0}"));
            Assert.Equal(OddRows, await database.QueryAsync<long>($"SELECT id FROM {t} ORDER BY id"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task The_builder_WhereIn_and_Contains_take_70000_values(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase); // the typed query names snake_case columns
        var table = await CreateItemsAsync(database, db);
        try
        {
            Assert.Equal(EvenRows, (await database.From(table).WhereIn("id", Ids).OrderBy("id").ToListAsync<Item>()).Select(i => i.Id));
            Assert.Equal(OddRows, (await database.From(table).WhereNotIn("name", Names).OrderBy("id").ToListAsync<Item>()).Select(i => i.Id));
            Assert.Equal(Rows / 2, await database.From(table).WhereIn("name", Names).CountAsync());
            var ids = Ids.ToList();
            Assert.Equal(EvenRows, (await database.From<Item>(table).Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id).ToListAsync()).Select(i => i.Id));
            Assert.Equal(OddRows, (await database.From<Item>(table).Where(i => !Names.Contains(i.Name)).OrderBy(i => i.Id).ToListAsync()).Select(i => i.Id));
            Assert.Equal(Rows / 2, await database.From(table).WhereIn("id", Ids).DeleteAsync());
            Assert.Equal(Rows / 2, await database.From(table).CountAsync());
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Positional_IN_takes_70000_values_and_a_list_of_nulls_and_values_matches_the_values(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateItemsAsync(database, db);
        try
        {
            Assert.Equal(EvenRows, await database.QueryRawAsync<long>($"SELECT id FROM {table} WHERE id IN (?) AND name NOT IN (?) ORDER BY id", Ids, new[] { "x" }));
            Assert.Equal(OddRows, await database.QueryRawAsync<long>($"SELECT id FROM {table} WHERE name NOT IN ($1) ORDER BY id", [Names], CancellationToken.None));

            // NULLs keep SQL's meaning: IN matches the other values, NOT IN matches nothing, however long the list.
            var withNulls = Ids.Select(i => (long?)i).Append(null).ToArray();
            Assert.Equal(EvenRows, await database.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} WHERE id IN ({withNulls}) ORDER BY id"));
            Assert.Empty(await database.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} WHERE id NOT IN ({withNulls})"));
            Assert.Empty(await database.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} WHERE id NOT IN ({new long?[] { 1, null }})"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    private static async Task<string> CreateItemsAsync(Database database, Db db)
    {
        var table = TestDatabase.Table("in_list");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.BigInt(db))} PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL)");
        await database.BulkInsertAsync(table, ["id", "name"], Enumerable.Range(1, Rows).Select(i => new object?[] { (long)i, "n" + i }));
        return table;
    }
}
