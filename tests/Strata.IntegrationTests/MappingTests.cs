using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.CSharp.RuntimeBinder;
using Strata.IntegrationTests.Infrastructure;
using Strata.Mapping;

namespace Strata.IntegrationTests;

/// <summary>How rows become .NET values: classes, records, primitives, tuples, dynamic rows, names, enums and mapping errors.</summary>
public class MappingTests
{
    private static readonly DateTime AdaJoined = new(2021, 3, 4, 5, 6, 7, 250, DateTimeKind.Unspecified);
    private static readonly DateTime AlanJoined = new(2022, 11, 30, 23, 59, 1, 0, DateTimeKind.Unspecified);

    [Theory, AllDatabases]
    public async Task Rows_map_to_a_class_with_settable_properties(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<MemberClass>($"SELECT id, name, age, created_at, nickname FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(2, rows.Count);
            Assert.Equal("ada", rows[0].Name);
            Assert.Equal(36, rows[0].Age);
            Assert.Equal(AdaJoined, rows[0].CreatedAt);
            Assert.Equal("countess", rows[0].Nickname);
            Assert.Equal("alan", rows[1].Name);
            Assert.Null(rows[1].Nickname);
            Assert.True(rows[1].Id > rows[0].Id);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_a_positional_record_through_its_constructor(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<MemberRecord>($"SELECT age, nickname, name, id FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(2, rows.Count);
            Assert.Equal(new MemberRecord(rows[0].Id, "ada", 36, "countess"), rows[0]);
            Assert.Equal(new MemberRecord(rows[1].Id, "alan", 41, null), rows[1]);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task A_record_with_a_column_missing_uses_the_parameter_default_or_fails_clearly(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var withDefault = await database.QueryAsync<RecordWithDefault>($"SELECT name FROM {Sql.Identifier(table)} ORDER BY id");
            var error = await Assert.ThrowsAsync<MappingException>(() =>
                database.QueryAsync<MemberRecord>($"SELECT id, name FROM {Sql.Identifier(table)}"));

            Assert.Equal([new RecordWithDefault("ada", -1), new RecordWithDefault("alan", -1)], withDefault);
            Assert.Contains("Age", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(nameof(MemberRecord), error.Message);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_a_class_with_a_constructor_and_an_extra_settable_property(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<MemberWithConstructor>($"SELECT id, name, age, created_at FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(["ada", "alan"], rows.Select(r => r.Name));
            Assert.Equal([36, 41], rows.Select(r => r.Age));
            Assert.Equal([AdaJoined, AlanJoined], rows.Select(r => r.CreatedAt));
            Assert.All(rows, r => Assert.True(r.ConstructedWithId));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_primitives_and_strings(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            Assert.Equal([36, 41], await database.QueryAsync<int>($"SELECT age FROM {t} ORDER BY id"));
            Assert.Equal([36L, 41L], await database.QueryAsync<long>($"SELECT age FROM {t} ORDER BY id"));
            Assert.Equal(["ada", "alan"], await database.QueryAsync<string>($"SELECT name FROM {t} ORDER BY id"));
            Assert.Equal(["countess", null], await database.QueryAsync<string?>($"SELECT nickname FROM {t} ORDER BY id"));
            Assert.Equal([36, null], await database.QueryAsync<int?>($"SELECT CASE WHEN nickname IS NULL THEN NULL ELSE age END FROM {t} ORDER BY id"));
            Assert.Equal([AdaJoined, AlanJoined], await database.QueryAsync<DateTime>($"SELECT created_at FROM {t} ORDER BY id"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_value_tuples_by_position(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            var pairs = await database.QueryAsync<(long Id, string Name)>($"SELECT id, name FROM {t} ORDER BY id");
            var triples = await database.QueryAsync<(string, int, string?)>($"SELECT name, age, nickname FROM {t} ORDER BY id");

            Assert.Equal(["ada", "alan"], pairs.Select(p => p.Name));
            Assert.True(pairs[0].Id > 0 && pairs[1].Id > pairs[0].Id);
            Assert.Equal([("ada", 36, "countess"), ("alan", 41, null)], triples);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_dynamic_objects_with_column_members(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<dynamic>($"SELECT name, age, nickname FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(2, rows.Count);
            string firstName = rows[0].name;
            object? missingNickname = rows[1].nickname;
            Assert.Equal("ada", firstName);
            Assert.Equal("countess", (string)rows[0].NICKNAME);
            object secondAge = rows[1].age;
            Assert.Equal(41, Convert.ToInt32(secondAge));
            Assert.Null(missingNickname);
            Assert.Throws<RuntimeBinderException>(() => (object?)rows[0].no_such_column);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_map_to_read_only_dictionaries(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<IReadOnlyDictionary<string, object?>>($"SELECT name, age, nickname FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(2, rows.Count);
            Assert.Equal(3, rows[0].Count);
            Assert.Equal(["name", "age", "nickname"], rows[0].Keys.Select(k => k.ToLowerInvariant()));
            Assert.Equal("ada", rows[0]["name"]);
            Assert.Equal("ada", rows[0]["NAME"]);
            Assert.Equal(36, Convert.ToInt32(rows[0]["age"]));
            Assert.True(rows[1].ContainsKey("nickname"));
            Assert.Null(rows[1]["nickname"]);
            Assert.False(rows[1].TryGetValue("missing", out _));
            Assert.Throws<KeyNotFoundException>(() => rows[1]["missing"]);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Snake_case_columns_map_to_pascal_case_members(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("map_snake");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (created_at {Sql.Raw(Types.DateTime(db))} NOT NULL, first_login_ip {Sql.Raw(Types.Text(db))} NOT NULL, http_status_code {Sql.Raw(Types.Int(db))} NOT NULL, line2 {Sql.Raw(Types.Text(db))} NOT NULL)");
        try
        {
            await database.ExecuteAsync($"INSERT INTO {t} (created_at, first_login_ip, http_status_code, line2) VALUES ({AdaJoined}, {"10.0.0.1"}, {404}, {"flat 2"})");

            var row = await database.QuerySingleAsync<SnakeCaseRow>($"SELECT * FROM {t}");

            Assert.Equal(AdaJoined, row.CreatedAt);
            Assert.Equal("10.0.0.1", row.FirstLoginIp);
            Assert.Equal(404, row.HTTPStatusCode);
            Assert.Equal("flat 2", row.Line2);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Theory, AllDatabases]
    public async Task Column_attribute_renames_and_NotMapped_skips_a_member(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateMembersAsync(database, db);
        try
        {
            var rows = await database.QueryAsync<AttributedMember>($"SELECT id, name, age, nickname FROM {Sql.Identifier(table)} ORDER BY id");
            var records = await database.QueryAsync<AttributedRecord>($"SELECT name, age FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(["ada", "alan"], rows.Select(r => r.FullName));
            Assert.Equal(["countess", null], rows.Select(r => r.Alias));
            Assert.All(rows, r => Assert.Equal(-1, r.Age));
            Assert.All(rows, r => Assert.Null(r.Name));
            Assert.Equal([new AttributedRecord("ada", 36), new AttributedRecord("alan", 41)], records);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Exact_naming_convention_reads_member_names_and_snake_case_columns_alike(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.NamingConvention = NamingConvention.Exact);
        var table = await CreateMembersAsync(database, db);
        var t = Sql.Identifier(table);
        try
        {
            var snake = await database.QueryAsync<MemberClass>($"SELECT id, name, age, created_at FROM {t} ORDER BY id");
            var aliased = await database.QueryAsync<MemberClass>($"SELECT id, name, age, created_at AS CreatedAt FROM {t} ORDER BY id");

            Assert.Equal(["ada", "alan"], snake.Select(r => r.Name));
            Assert.Equal([36, 41], snake.Select(r => r.Age));
            // created_at matches CreatedAt under every convention: the convention decides the names Strata writes.
            Assert.Equal([AdaJoined, AlanJoined], snake.Select(r => r.CreatedAt));
            Assert.Equal([AdaJoined, AlanJoined], aliased.Select(r => r.CreatedAt));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Text_that_is_not_a_number_fails_naming_column_and_member(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateProblemsAsync(database, db);
        try
        {
            var error = await Assert.ThrowsAsync<MappingException>(() =>
                database.QueryAsync<CodeAsInt>($"SELECT code FROM {Sql.Identifier(table)}"));

            Assert.Contains("'code'", error.Message);
            Assert.Contains("CodeAsInt.Code", error.Message);
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Null_into_a_non_nullable_int_fails_naming_column_and_member(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateProblemsAsync(database, db);
        try
        {
            var classError = await Assert.ThrowsAsync<MappingException>(() =>
                database.QueryAsync<ScoreAsInt>($"SELECT score FROM {Sql.Identifier(table)}"));
            var recordError = await Assert.ThrowsAsync<MappingException>(() =>
                database.QueryAsync<ScoreRecord>($"SELECT score FROM {Sql.Identifier(table)}"));
            var scalarError = await Assert.ThrowsAsync<MappingException>(() =>
                database.QueryAsync<int>($"SELECT score FROM {Sql.Identifier(table)}"));
            var nullable = await database.QueryAsync<int?>($"SELECT score FROM {Sql.Identifier(table)}");

            Assert.Contains("'score'", classError.Message);
            Assert.Contains("ScoreAsInt.Score", classError.Message);
            Assert.Contains("NULL", classError.Message);
            Assert.Contains("'score'", recordError.Message);
            Assert.Contains("ScoreRecord(Score)", recordError.Message);
            Assert.Contains("'score'", scalarError.Message);
            Assert.Equal([null], nullable);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Nulls_that_first_appear_after_values_map_to_null_in_that_row_and_every_later_one(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("map_nulls");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (id {Sql.Raw(Types.BigInt(db))} PRIMARY KEY, name {Sql.Raw(Types.Text(db))}, note {Sql.Raw(Types.Text(db))}, data {Sql.Raw(Types.Bytes(db))}, score {Sql.Raw(Types.Int(db))}, big {Sql.Raw(Types.BigInt(db))}, ratio {Sql.Raw(Types.Double(db))})");
        try
        {
            // Values, then NULLs, then values again: a column is read without a NULL test until its first NULL.
            for (var id = 1; id <= 5; id++)
            {
                var isNull = id is 2 or 4;
                await database.ExecuteAsync(
                    $"INSERT INTO {t} (id, name, note, data, score, big, ratio) VALUES ({id}, {(isNull ? null : "n" + id)}, {(isNull ? null : "note" + id)}, {(isNull ? null : new byte[] { (byte)id })}, {(isNull ? (int?)null : id * 10)}, {(isNull ? (long?)null : id * 100L)}, {(isNull ? (double?)null : id / 2.0)})");
            }
            for (var pass = 0; pass < 2; pass++)
            {
                var rows = await database.QueryAsync<NullableColumns>($"SELECT id, name, note, data, score, big, ratio FROM {t} ORDER BY id");
                var streamed = new List<NullableColumns>();
                await foreach (var row in database.StreamAsync<NullableColumns>($"SELECT id, name, note, data, score, big, ratio FROM {t} ORDER BY id")) streamed.Add(row);
                var names = await database.QueryAsync<string?>($"SELECT name FROM {t} ORDER BY id");
                var scores = await database.QueryAsync<int?>($"SELECT score FROM {t} ORDER BY id");
                foreach (var list in new[] { rows, streamed })
                {
                    Assert.Equal(5, list.Count);
                    foreach (var row in list)
                    {
                        var isNull = row.Id is 2 or 4;
                        Assert.Equal(isNull ? null : "n" + row.Id, row.Name);
                        Assert.Equal(isNull ? null : "note" + row.Id, row.Note);
                        Assert.Equal(isNull ? null : new byte[] { (byte)row.Id }, row.Data);
                        Assert.Equal(isNull ? null : (int)row.Id * 10, row.Score);
                        Assert.Equal(isNull ? null : row.Id * 100, row.Big);
                        Assert.Equal(isNull ? null : row.Id / 2.0, row.Ratio);
                    }
                }
                Assert.Equal(["n1", null, "n3", null, "n5"], names);
                Assert.Equal([10, null, 30, null, 50], scores);
            }
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    public sealed class NullableColumns
    {
        public long Id { get; set; }

        // Not annotated nullable on purpose: a NULL still maps to null, as it always has.
        public string Name { get; set; } = "";

        public string? Note { get; set; }

        public byte[]? Data { get; set; }

        public int? Score { get; set; }

        public long? Big { get; set; }

        public double? Ratio { get; set; }
    }

    [Theory, AllDatabases]
    public async Task Enums_are_read_from_integer_and_from_text_columns(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("map_enum");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (id {Sql.Raw(Types.Int(db))} NOT NULL, color_number {Sql.Raw(Types.Int(db))}, color_name {Sql.Raw(Types.Text(db))}, small {Sql.Raw(Types.SmallInt(db))})");
        try
        {
            await database.ExecuteAsync(
                $"INSERT INTO {t} (id, color_number, color_name, small) VALUES ({1}, {2}, {"Blue"}, {3}), ({2}, {1}, {"green"}, {1}), ({3}, {(int?)null}, {(string?)null}, {(int?)null})");

            var rows = await database.QueryAsync<EnumRow>($"SELECT color_number, color_name, small FROM {t} ORDER BY id");

            Assert.Equal([Color.Green, Color.Red, null], rows.Select(r => r.ColorNumber));
            Assert.Equal([Color.Blue, Color.Green, null], rows.Select(r => r.ColorName));
            Assert.Equal([Color.Blue, Color.Red, null], rows.Select(r => r.Small));
            Assert.Equal([Color.Green, Color.Red], await database.QueryAsync<Color>($"SELECT color_number FROM {t} WHERE id < {3} ORDER BY id"));
            Assert.Equal([Color.Blue, Color.Green], await database.QueryAsync<Color>($"SELECT color_name FROM {t} WHERE id < {3} ORDER BY id"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Theory, AllDatabases]
    public async Task Enum_parameters_are_written_as_numbers_by_default_and_as_names_with_EnumStorage_Name(Db db)
    {
        await using var byNumber = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("map_enum_store");
        var t = Sql.Identifier(table);
        await byNumber.ExecuteAsync($"CREATE TABLE {t} (id {Sql.Raw(Types.Int(db))} NOT NULL, as_number {Sql.Raw(Types.Int(db))}, as_name {Sql.Raw(Types.Text(db))})");
        try
        {
            await byNumber.ExecuteAsync($"INSERT INTO {t} (id, as_number) VALUES ({1}, {Color.Blue})");
            Assert.Equal(3, await byNumber.ScalarAsync<int>($"SELECT as_number FROM {t} WHERE id = {1}"));

            await using (var byName = Database.Open(new DatabaseOptions { Url = SameDatabaseUrl(db, byNumber), EnumStorage = EnumStorage.Name }))
            {
                await byName.ExecuteAsync($"INSERT INTO {t} (id, as_name) VALUES ({2}, {Color.Green})");
                await byName.ExecuteAsync($"INSERT INTO {t} (id, as_name) VALUES ({3}, {(Color?)null})");
                Assert.Equal(1, await byName.ScalarAsync<int>($"SELECT COUNT(*) FROM {t} WHERE as_name = {Color.Green}"));
            }

            Assert.Equal("Green", await byNumber.ScalarAsync<string>($"SELECT as_name FROM {t} WHERE id = {2}"));
            Assert.Equal(Color.Green, await byNumber.ScalarAsync<Color>($"SELECT as_name FROM {t} WHERE id = {2}"));
            Assert.Null(await byNumber.ScalarAsync<string>($"SELECT as_name FROM {t} WHERE id = {3}"));
            Assert.Equal(Color.Blue, await byNumber.ScalarAsync<Color>($"SELECT as_number FROM {t} WHERE id = {1}"));
        }
        finally
        {
            await byNumber.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    /// <summary>The URL of the database <paramref name="open"/> points at, so a second instance sees the same tables.</summary>
    private static string SameDatabaseUrl(Db db, Database open) => db switch
    {
        Db.Sqlite => "sqlite:" + open.Settings.FilePath,
        Db.Postgres => TestDatabase.PostgresUrl,
        _ => TestDatabase.MariaDbUrl,
    };

    private static async Task<string> CreateMembersAsync(Database database, Db db)
    {
        var table = TestDatabase.Table("map");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (id {Sql.Raw(Types.AutoId(db))}, name {Sql.Raw(Types.Text(db))} NOT NULL, age {Sql.Raw(Types.Int(db))} NOT NULL, created_at {Sql.Raw(Types.DateTime(db))} NOT NULL, nickname {Sql.Raw(Types.Text(db))})");
        try
        {
            await database.ExecuteAsync(
                $"INSERT INTO {t} (name, age, created_at, nickname) VALUES ({"ada"}, {36}, {AdaJoined}, {"countess"}), ({"alan"}, {41}, {AlanJoined}, {(string?)null})");
        }
        catch
        {
            await DropAsync(database, table);
            throw;
        }
        return table;
    }

    private static async Task<string> CreateProblemsAsync(Database database, Db db)
    {
        var table = TestDatabase.Table("map_bad");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (code {Sql.Raw(Types.Text(db))}, score {Sql.Raw(Types.Int(db))})");
        try
        {
            await database.ExecuteAsync($"INSERT INTO {t} (code, score) VALUES ({"not-a-number"}, {(int?)null})");
        }
        catch
        {
            await DropAsync(database, table);
            throw;
        }
        return table;
    }

    private static Task<ExecuteResult> DropAsync(Database database, string table) => database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");

    public enum Color
    {
        Red = 1,
        Green = 2,
        Blue = 3,
    }

    public sealed class MemberClass
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public int Age { get; set; }
        public DateTime CreatedAt { get; set; }
        public string? Nickname { get; set; }
    }

    public sealed record MemberRecord(long Id, string Name, int Age, string? Nickname);

    public sealed record RecordWithDefault(string Name, int Age = -1);

    public sealed class MemberWithConstructor
    {
        public MemberWithConstructor(long id, string name, int age)
        {
            Id = id;
            Name = name;
            Age = age;
            ConstructedWithId = id > 0;
        }

        public long Id { get; }
        public string Name { get; }
        public int Age { get; }
        public DateTime CreatedAt { get; set; }
        public bool ConstructedWithId { get; }
    }

    public sealed class SnakeCaseRow
    {
        public DateTime CreatedAt { get; set; }
        public string FirstLoginIp { get; set; } = "";
        public int HTTPStatusCode { get; set; }
        public string Line2 { get; set; } = "";
    }

    public sealed class AttributedMember
    {
        public long Id { get; set; }

        [Column("name")]
        public string FullName { get; set; } = "";

        [Column("nickname")]
        public string? Alias { get; set; }

        [NotMapped]
        public int Age { get; set; } = -1;

        [NotMapped]
        public string? Name { get; set; }
    }

    public sealed record AttributedRecord([property: Column("name")] string Label, [property: Column("age")] int Years);

    public sealed class CodeAsInt
    {
        public int Code { get; set; }
    }

    public sealed class ScoreAsInt
    {
        public int Score { get; set; }
    }

    public sealed record ScoreRecord(int Score);

    public sealed class EnumRow
    {
        public Color? ColorNumber { get; set; }
        public Color? ColorName { get; set; }
        public Color? Small { get; set; }
    }
}
