using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

public class SmokeTests
{
    [Theory, AllDatabases]
    public async Task Query_maps_rows_inserted_with_parameters(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("smoke");
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, age INTEGER NOT NULL)");
        try
        {
            var inserted = await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name, age) VALUES ({"ada"}, {36}), ({"alan"}, {41})");
            Assert.Equal(2, inserted);
            var rows = await database.QueryAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE age > {30} ORDER BY name");
            Assert.Equal(["ada", "alan"], rows.Select(r => r.Name));
            Assert.Equal(36, rows[0].Age);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    public sealed record Person(long Id, string Name, int Age);
}
