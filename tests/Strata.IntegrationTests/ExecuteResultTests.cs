using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>ExecuteAsync reports the rows a statement affected and, where the database tells, the id its insert generated.</summary>
public class ExecuteResultTests
{
    [Theory, AllDatabases]
    public async Task ExecuteAsync_reports_rows_affected_and_the_id_an_insert_generated(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, "exec_id");
        try
        {
            var first = await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"a"})");
            var second = await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"b"})");
            var ids = await database.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(1, first.RowsAffected);
            Assert.Equal(1, second.RowsAffected);
            if (db == Db.Postgres)
            {
                // PostgreSQL has no last-insert id: RETURNING is the way.
                Assert.Null(first.LastInsertId);
                Assert.Null(second.LastInsertId);
                Assert.Equal(3L, await database.ScalarAsync<long>($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"c"}) RETURNING id"));
            }
            else
            {
                Assert.Equal(ids[0], first.LastInsertId);
                Assert.Equal(ids[1], second.LastInsertId);
            }

            // Statements that insert nothing report no id, whatever the connection inserted before.
            var update = await database.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET name = {"z"}");
            Assert.Equal(db == Db.Postgres ? 3 : 2, update.RowsAffected);
            Assert.Null(update.LastInsertId);
            var delete = await database.ExecuteAsync($"DELETE FROM {Sql.Identifier(table)} WHERE id = {ids[0]}");
            Assert.Equal(new ExecuteResult(1, null), delete);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task An_insert_whose_id_equals_the_previous_inserts_id_still_reports_it(Db db)
    {
        // One connection, two fresh tables: both first rows get id 1, so SQLite's last rowid does not change.
        await using var database = await TestDatabase.OpenAsync(db, o => o.MaxPoolSize = 1);
        var one = await CreateAsync(database, db, "exec_one");
        var two = await CreateAsync(database, db, "exec_two");
        try
        {
            await database.TransactionAsync(async tx =>
            {
                var a = await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(one)} (name) VALUES ({"a"})");
                var b = await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(two)} (name) VALUES ({"b"})");
                var none = await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(two)} (name) SELECT name FROM {Sql.Identifier(one)} WHERE 1 = 0");
                Assert.Equal(db == Db.Postgres ? null : 1L, a.LastInsertId);
                Assert.Equal(db == Db.Postgres ? null : 1L, b.LastInsertId);
                Assert.Equal(new ExecuteResult(0, null), none);
            });
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(one)}");
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(two)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_result_reads_as_the_count_it_used_to_be(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, "exec_int");
        try
        {
            int inserted = await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"a"}), ({"b"})");
            Assert.Equal(2, inserted);
            Assert.Equal(2, await database.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET name = {"c"}"));
            Assert.True(await database.ExecuteAsync($"DELETE FROM {Sql.Identifier(table)}") > 1);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_prepared_statement_reports_the_id_of_each_insert(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, "exec_prep");
        try
        {
            await using var insert = await database.PrepareAsync($"INSERT INTO {Sql.Identifier(table)} (name) VALUES ({"a"})");
            var results = new List<ExecuteResult>();
            foreach (var name in new[] { "a", "b", "c" }) results.Add(await insert.ExecuteAsync(name));

            Assert.All(results, r => Assert.Equal(1, r.RowsAffected));
            Assert.Equal(db == Db.Postgres ? [null, null, null] : new long?[] { 1, 2, 3 }, results.Select(r => r.LastInsertId));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    private static async Task<string> CreateAsync(Database database, Db db, string prefix)
    {
        var table = TestDatabase.Table(prefix);
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL)");
        return table;
    }
}
