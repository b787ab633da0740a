using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>Every <see cref="IDbSession"/> method against real rows, on every database.</summary>
public class SessionTests
{
    [Theory, AllDatabases]
    public async Task QueryAsync_maps_every_row_in_order(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} ORDER BY age DESC");

            Assert.Equal(["grace", "alan", "ada"], rows.Select(r => r.Name));
            Assert.Equal([45, 41, 36], rows.Select(r => r.Age));
            Assert.All(rows, r => Assert.True(r.Id > 0));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QueryAsync_without_matching_rows_returns_an_empty_list(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE age > {100}");

            Assert.Empty(rows);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QueryFirstOrDefaultAsync_returns_the_first_row(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var first = await database.QueryFirstOrDefaultAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE age >= {40} ORDER BY age");

            Assert.NotNull(first);
            Assert.Equal("alan", first.Name);
            Assert.Equal(41, first.Age);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QueryFirstOrDefaultAsync_without_rows_returns_default(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var person = await database.QueryFirstOrDefaultAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE name = {"nobody"}");
            var age = await database.QueryFirstOrDefaultAsync<int>($"SELECT age FROM {Sql.Identifier(table)} WHERE name = {"nobody"}");
            var tuple = await database.QueryFirstOrDefaultAsync<(long, string)>($"SELECT id, name FROM {Sql.Identifier(table)} WHERE name = {"nobody"}");

            Assert.Null(person);
            Assert.Equal(0, age);
            Assert.Equal(default, tuple);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QuerySingleAsync_returns_the_only_row(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var person = await database.QuerySingleAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE name = {"grace"}");

            Assert.Equal("grace", person.Name);
            Assert.Equal(45, person.Age);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QuerySingleAsync_throws_when_there_is_no_row(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                database.QuerySingleAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE name = {"nobody"}"));

            Assert.Contains("none", error.Message);
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QuerySingleAsync_throws_when_there_are_two_rows(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                database.QuerySingleAsync<Person>($"SELECT id, name, age FROM {Sql.Identifier(table)} WHERE age > {40}"));

            Assert.Contains("more than one", error.Message);
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task ExecuteAsync_returns_the_rows_affected_by_insert_update_and_delete(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db, seed: false);
        var t = Sql.Identifier(table);
        try
        {
            var inserted = await database.ExecuteAsync($"INSERT INTO {t} (name, age) VALUES ({"a"}, {10}), ({"b"}, {20}), ({"c"}, {30}), ({"d"}, {40})");
            var updated = await database.ExecuteAsync($"UPDATE {t} SET age = age + {1} WHERE age >= {20}");
            var updatedNone = await database.ExecuteAsync($"UPDATE {t} SET age = {0} WHERE name = {"nobody"}");
            var deleted = await database.ExecuteAsync($"DELETE FROM {t} WHERE age > {30}");

            Assert.Equal(4, inserted);
            Assert.Equal(3, updated);
            Assert.Equal(0, updatedNone);
            Assert.Equal(2, deleted);
            Assert.Equal([10, 21], await database.QueryAsync<int>($"SELECT age FROM {t} ORDER BY age"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task ScalarAsync_converts_a_count_to_the_requested_type(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            Assert.Equal(3, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
            Assert.Equal(3L, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM {t}"));
            Assert.Equal(2, await database.ScalarAsync<int?>($"SELECT COUNT(*) FROM {t} WHERE age > {40}"));
            Assert.Equal(3m, await database.ScalarAsync<decimal>($"SELECT COUNT(*) FROM {t}"));
            Assert.Equal(36L, await database.ScalarAsync<long>($"SELECT MIN(age) FROM {t}"));
            Assert.Equal((short)45, await database.ScalarAsync<short>($"SELECT MAX(age) FROM {t}"));
            Assert.Equal("ada", await database.ScalarAsync<string>($"SELECT name FROM {t} ORDER BY name"));
            Assert.Equal("41", await database.ScalarAsync<string>($"SELECT age FROM {t} WHERE name = {"alan"}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task ScalarAsync_returns_default_for_null_and_for_no_row(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            Assert.Equal(0, await database.ScalarAsync<int>($"SELECT MAX(age) FROM {t} WHERE age > {100}"));
            Assert.Null(await database.ScalarAsync<int?>($"SELECT MAX(age) FROM {t} WHERE age > {100}"));
            Assert.Null(await database.ScalarAsync<string>($"SELECT NULL"));
            Assert.Equal(0, await database.ScalarAsync<int>($"SELECT age FROM {t} WHERE name = {"nobody"}"));
            Assert.Null(await database.ScalarAsync<string>($"SELECT name FROM {t} WHERE name = {"nobody"}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QueryMultipleAsync_reads_two_result_sets_in_order(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            await using (var results = await database.QueryMultipleAsync(
                $"SELECT id, name, age FROM {t} WHERE age > {37} ORDER BY name; SELECT COUNT(*) FROM {t} WHERE name <> {"ada"}"))
            {
                var people = await results.ReadAsync<Person>();
                var count = await results.ReadSingleAsync<long>();

                Assert.Equal(["alan", "grace"], people.Select(p => p.Name));
                Assert.Equal(2L, count);
                await Assert.ThrowsAsync<InvalidOperationException>(() => results.ReadAsync<Person>());
            }
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task QueryMultipleAsync_ReadSingleAsync_throws_unless_the_set_has_one_row(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            await using var results = await database.QueryMultipleAsync(
                $"SELECT name FROM {t} ORDER BY name; SELECT name FROM {t} WHERE name = {"nobody"}");

            await Assert.ThrowsAsync<InvalidOperationException>(() => results.ReadSingleAsync<string>());
            await Assert.ThrowsAsync<InvalidOperationException>(() => results.ReadSingleAsync<string>());
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_list_parameter_expands_into_IN_with_three_items(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            string[] names = ["ada", "grace", "nobody"];
            int[] ages = [36, 41, 45];
            var byName = await database.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} WHERE name IN ({names}) ORDER BY name");
            var byAge = await database.QueryAsync<string>(
                $"SELECT name FROM {Sql.Identifier(table)} WHERE age IN ({ages}) AND name <> {"alan"} ORDER BY name");

            Assert.Equal(["ada", "grace"], byName);
            Assert.Equal(["ada", "grace"], byAge);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_list_parameter_with_one_item_matches_that_item(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var ages = new List<int> { 41 };
            var rows = await database.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} WHERE age IN ({ages})");

            Assert.Equal(["alan"], rows);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task An_empty_list_parameter_matches_nothing(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var none = Array.Empty<string>();
            var rows = await database.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} WHERE name IN ({none})");
            var count = await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(table)} WHERE age IN ({new List<int>()}) OR age = {36}");

            Assert.Empty(rows);
            Assert.Equal(1, count);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Identifiers_are_quoted_so_reserved_words_and_mixed_case_work(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("Sess_Quoted");
        var t = Sql.Identifier(table);
        var order = Sql.Identifier("order");
        var group = Sql.Identifier("Group");
        await database.ExecuteAsync($"CREATE TABLE {t} ({order} {Sql.Raw(Types.Int(db))} NOT NULL, {group} {Sql.Raw(Types.Text(db))} NOT NULL)");
        try
        {
            await database.ExecuteAsync($"INSERT INTO {t} ({order}, {group}) VALUES ({2}, {"b"}), ({1}, {"a"})");

            var rows = await database.QueryAsync<(int, string)>($"SELECT {order}, {group} FROM {t} ORDER BY {order}");

            Assert.Equal([(1, "a"), (2, "b")], rows);
            Assert.Throws<ArgumentException>(() => Sql.Identifier("name; DROP TABLE x"));
            Assert.Throws<ArgumentException>(() => Sql.Identifier("1st"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Theory, AllDatabases]
    public async Task Fragments_composed_with_plus_and_Join_keep_their_parameters(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        try
        {
            var conditions = new List<Sql> { $"age >= {36}", $"age < {45}", $"name <> {"ada"}" };
            var where = Sql.Join($" AND ", conditions);
            Sql query = $"SELECT {Sql.Identifier("name")} FROM {Sql.Identifier(table)} WHERE ";
            query = query + where + $" ORDER BY {Sql.Identifier("name")}";

            var rows = await database.QueryAsync<string>(query);
            var joinedColumns = await database.QueryAsync<(string, int)>(
                $"SELECT {Sql.Join(Sql.Raw(", "), [Sql.Identifier("name"), Sql.Identifier("age")])} FROM {Sql.Identifier(table)} WHERE name = {"grace"}");
            var noConditions = await database.ScalarAsync<int>(
                $"SELECT COUNT(*) FROM {Sql.Identifier(table)} WHERE 1 = 1" + Sql.Join($" AND ", []));

            Assert.Equal(["alan"], rows);
            Assert.Equal([("grace", 45)], joinedColumns);
            Assert.Equal(3, noConditions);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task WithCommandTimeout_view_runs_queries_with_its_timeout(Db db)
    {
        var recorder = new TimeoutRecorder();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(recorder));
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            var timed = database.WithCommandTimeout(TimeSpan.FromSeconds(7));

            var names = await timed.QueryAsync<string>($"SELECT name FROM {t} ORDER BY name");
            var afterView = recorder.Last;
            var count = await timed.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}");
            var affected = await timed.ExecuteAsync($"UPDATE {t} SET age = age WHERE name = {"ada"}");
            var defaultTimeout = await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}");

            Assert.Equal(["ada", "alan", "grace"], names);
            Assert.Equal(7, afterView);
            Assert.Equal(3, count);
            Assert.Equal(1, affected);
            Assert.Equal(3, defaultTimeout);
            Assert.Equal(30, recorder.Last);
            Assert.Throws<ArgumentOutOfRangeException>(() => database.WithCommandTimeout(TimeSpan.FromSeconds(-1)));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task WithCommandTimeout_view_of_a_transaction_runs_inside_it(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db, seed: false);
        var t = Sql.Identifier(table);
        try
        {
            await using (var tx = await database.BeginTransactionAsync())
            {
                var timed = tx.WithCommandTimeout(TimeSpan.FromSeconds(5));
                await timed.ExecuteAsync($"INSERT INTO {t} (name, age) VALUES ({"tx"}, {1})");

                Assert.Equal(1, await timed.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
                Assert.Equal(1, await tx.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
            }
            Assert.Equal(0, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_prepared_insert_runs_several_times_with_new_arguments(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db, seed: false);
        var t = Sql.Identifier(table);
        try
        {
            await using (var insert = await database.PrepareAsync($"INSERT INTO {t} (name, age) VALUES ({""}, {0})"))
            {
                Assert.Equal(2, insert.ParameterCount);
                Assert.Equal(1, database.GetPoolStatistics().Busy);

                Assert.Equal(1, await insert.ExecuteAsync("ada", 36));
                Assert.Equal(1, await insert.ExecuteAsync("alan", 41));
                Assert.Equal(1, await insert.ExecuteAsync("grace", 45));
            }
            Assert.Equal(0, database.GetPoolStatistics().Busy);

            var rows = await database.QueryAsync<Person>($"SELECT id, name, age FROM {t} ORDER BY id");
            Assert.Equal(["ada", "alan", "grace"], rows.Select(r => r.Name));
            Assert.Equal([36, 41, 45], rows.Select(r => r.Age));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_prepared_select_maps_rows_for_each_set_of_arguments(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            await using var select = await database.PrepareAsync($"SELECT id, name, age FROM {t} WHERE age > {0} ORDER BY age");

            var over40 = await select.QueryAsync<Person>(40);
            var over30 = await select.QueryAsync<Person>(30);
            var over99 = await select.QueryAsync<Person>(99);
            var tuples = await select.QueryAsync<(long Id, string Name, int Age)>(44);

            Assert.Equal(["alan", "grace"], over40.Select(p => p.Name));
            Assert.Equal(["ada", "alan", "grace"], over30.Select(p => p.Name));
            Assert.Empty(over99);
            Assert.Equal([("grace", 45)], tuples.Select(r => (r.Name, r.Age)));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_prepared_statement_refuses_the_wrong_number_of_arguments(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db, seed: false);
        var t = Sql.Identifier(table);
        try
        {
            await using (var insert = await database.PrepareAsync($"INSERT INTO {t} (name, age) VALUES ({""}, {0})"))
            {
                await Assert.ThrowsAsync<ArgumentException>(() => insert.ExecuteAsync("only-one"));
                await Assert.ThrowsAsync<ArgumentException>(() => insert.ExecuteAsync("a", 1, "extra"));
                await Assert.ThrowsAsync<ArgumentException>(() => insert.QueryAsync<int>());

                Assert.Equal(1, await insert.ExecuteAsync("still-works", 1));
            }
            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_prepared_statement_takes_null_and_enum_arguments(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("sess_prep_null");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id {Sql.Raw(Types.Int(db))} NOT NULL, note {Sql.Raw(Types.Text(db))}, level {Sql.Raw(Types.Int(db))})");
        try
        {
            await using (var insert = await database.PrepareAsync($"INSERT INTO {t} (id, note, level) VALUES ({0}, {"note"}, {Level.Low})"))
            {
                await insert.ExecuteAsync(1, "first", Level.High);
                await insert.ExecuteAsync(2, null, null);
                await insert.ExecuteAsync(3, "third", Level.Low);
            }

            var rows = await database.QueryAsync<(int, string?, Level?)>($"SELECT id, note, level FROM {t} ORDER BY id");

            Assert.Equal([(1, "first", Level.High), (2, null, null), (3, "third", Level.Low)], rows);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_statement_prepared_in_a_transaction_joins_it(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreatePeopleAsync(database, db, seed: false);
        var t = Sql.Identifier(table);
        try
        {
            await using (var tx = await database.BeginTransactionAsync())
            {
                await using (var insert = await tx.PrepareAsync($"INSERT INTO {t} (name, age) VALUES ({""}, {0})"))
                {
                    await insert.ExecuteAsync("rolled", 1);
                    await insert.ExecuteAsync("back", 2);
                    await Assert.ThrowsAsync<ArgumentException>(() => insert.ExecuteAsync());
                }
                Assert.Equal(2, await tx.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));
                await tx.RollbackAsync();
            }
            Assert.Equal(0, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t}"));

            await using (var tx = await database.BeginTransactionAsync())
            {
                await using (var insert = await tx.PrepareAsync($"INSERT INTO {t} (name, age) VALUES ({""}, {0})"))
                {
                    await insert.ExecuteAsync("kept", 3);
                    await insert.ExecuteAsync("too", 4);
                }
                await using (var select = await tx.PrepareAsync($"SELECT name FROM {t} WHERE age = {0}"))
                {
                    Assert.Equal(["too"], await select.QueryAsync<string>(4));
                }
                await tx.CommitAsync();
            }
            Assert.Equal(["kept", "too"], await database.QueryAsync<string>($"SELECT name FROM {t} ORDER BY age"));
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    private static async Task<string> CreatePeopleAsync(Database database, Db db, bool seed = true)
    {
        var table = TestDatabase.Table("sess");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, age {Sql.Raw(Types.Int(db))} NOT NULL)");
        if (seed)
        {
            try
            {
                await database.ExecuteAsync($"INSERT INTO {t} (name, age) VALUES ({"ada"}, {36}), ({"alan"}, {41}), ({"grace"}, {45})");
            }
            catch
            {
                await DropAsync(database, table);
                throw;
            }
        }
        return table;
    }

    private static Task<ExecuteResult> DropAsync(Database database, string table) => database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");

    public sealed record Person(long Id, string Name, int Age);

    public enum Level
    {
        Low = 1,
        High = 5,
    }

    private sealed class TimeoutRecorder : ICommandInterceptor
    {
        public int Last { get; private set; } = -1;

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Last = context.Command.CommandTimeout;
            return default;
        }
    }
}
