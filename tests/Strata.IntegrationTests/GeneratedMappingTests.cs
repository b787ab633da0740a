using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics.CodeAnalysis;
using Strata.IntegrationTests.Infrastructure;
using Strata.Mapping;

namespace Strata.IntegrationTests;

/// <summary>
/// Strata's source generator: the types these tests map through Strata's API get generated row readers and accessors, and they read
/// exactly what the reflection mapper reads. Each generated type has a twin of the same shape that only reaches Strata through a
/// generic helper, which the generator cannot see, so it is mapped by reflection.
/// </summary>
public class GeneratedMappingTests
{
    private static readonly DateTime Joined = new(2021, 3, 4, 5, 6, 7, 250, DateTimeKind.Unspecified);
    private static readonly Guid Token = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    [Fact]
    public void The_generator_covers_the_types_used_with_strata_and_leaves_the_others_to_reflection()
    {
        Assert.True(GeneratedMappers.HasRowReader<GeneratedMember>());
        Assert.True(GeneratedMappers.HasEntityAccessor<GeneratedMember>());
        Assert.True(GeneratedMappers.HasRowReader<GeneratedRecord>());
        Assert.True(GeneratedMappers.HasRowReader<(string, int?)>());
        Assert.False(GeneratedMappers.HasRowReader<ReflectedMember>());
        Assert.False(GeneratedMappers.HasRowReader<ReflectedRecord>());
        // A struct is one whose reflection mapping the generator does not reproduce.
        Assert.False(GeneratedMappers.HasRowReader<StructRow>());
    }

    /// <summary>Never run: it shows the generator a struct used with Strata.</summary>
    private static Task<IReadOnlyList<StructRow>> StructRowsAsync(Database database) => database.QueryAsync<StructRow>($"SELECT 1 AS id");

    [Theory, AllDatabases]
    public async Task Generated_readers_give_the_values_reflection_gives_for_classes_records_and_tuples(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateAsync(scope);
        Sql select = $"SELECT id, user_name, age, score, joined_at, token, state, note, weight FROM {Sql.Identifier(table)} ORDER BY id";

        var generated = await database.QueryAsync<GeneratedMember>(select);
        var reflected = await ViaReflection<ReflectedMember>(database, select);
        Assert.Equal(3, generated.Count);
        Assert.Equal(reflected.Select(Describe), generated.Select(Describe));
        Assert.Equal("ada|36|12.5000|2021-03-04T05:06:07.2500000Z|6f9619ff-8b86-d011-b42d-00c04fc964ff|Active||", Describe(generated[0]));

        // Without note and weight, whose parameters' defaults apply.
        Sql records = $"SELECT id, user_name, age, score, joined_at, token, state FROM {Sql.Identifier(table)} ORDER BY id";
        var generatedRecords = await database.QueryAsync<GeneratedRecord>(records);
        var reflectedRecords = await ViaReflection<ReflectedRecord>(database, records);
        Assert.Equal("none", generatedRecords[0].Note);
        Assert.Equal(reflectedRecords.Select(r => r.ToString().Replace(nameof(ReflectedRecord), "", StringComparison.Ordinal)),
            generatedRecords.Select(r => r.ToString().Replace(nameof(GeneratedRecord), "", StringComparison.Ordinal)));

        var tuples = await database.QueryAsync<(string, int?)>($"SELECT user_name, age FROM {Sql.Identifier(table)} ORDER BY id");
        Assert.Equal([("ada", 36), ("alan", null), ("grace", 85)], tuples);
    }

    [Theory, AllDatabases]
    public async Task Generated_readers_fail_as_reflection_does_on_a_null_into_a_non_nullable_member(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateAsync(scope);
        Sql select = $"SELECT id, user_name, weight AS age FROM {Sql.Identifier(table)} ORDER BY id";

        var generated = await Assert.ThrowsAsync<MappingException>(() => database.QueryAsync<StrictRow>(select));
        var reflected = await Assert.ThrowsAsync<MappingException>(() => ViaReflection<ReflectedStrictRow>(database, select));
        Assert.Equal(reflected.Message.Replace(nameof(ReflectedStrictRow), nameof(StrictRow), StringComparison.Ordinal), generated.Message);
    }

    [Theory, AllDatabases]
    public async Task A_repository_writes_and_reads_a_generated_entity(Db db)
    {
        // The repository writes the members' column names by the database's convention, and the table's columns are snake_case.
        await using var scope = await SchemaScope.OpenAsync(db, TestDatabase.SnakeCase);
        var database = scope.Db;
        var table = await CreateAsync(scope);
        var repository = new Repository<GeneratedMember, long>(database, new RepositoryOptions { Table = table });
        var created = await repository.CreateAsync(new GeneratedMember { Name = "edsger", Age = 72, Score = 1.25m, JoinedAt = Joined, Token = Token, State = State.Retired });
        var found = await repository.FindByIdAsync(created.Id);

        Assert.NotNull(found);
        Assert.Equal("edsger|72|1.2500|2021-03-04T05:06:07.2500000Z|6f9619ff-8b86-d011-b42d-00c04fc964ff|Retired||", Describe(found));
    }

    [Theory, AllDatabases]
    public async Task A_wrapper_type_gets_a_generated_conversion_that_reads_and_writes_as_reflection_does(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db);
        var database = scope.Db;
        var table = await CreateAsync(scope);
        Assert.True(GeneratedMappers.HasWrapper<MemberKey>());
        Assert.False(GeneratedMappers.HasWrapper<ReflectedKey>());
        var ids = await database.QueryAsync<long>($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id");

        var generated = await database.QueryAsync<KeyedRow>($"SELECT id, user_name FROM {Sql.Identifier(table)} WHERE id = {new MemberKey(ids[1])}");
        var reflected = await ViaReflection<ReflectedKeyedRow>(database, $"SELECT id, user_name FROM {Sql.Identifier(table)} WHERE id = {new ReflectedKey(ids[1])}");

        Assert.Equal(new MemberKey(ids[1]), Assert.Single(generated).Id);
        Assert.Equal(ids[1], Assert.Single(reflected).Id.Value);
        Assert.Equal(reflected[0].UserName, generated[0].UserName);
    }

    [Theory, AllDatabases]
    public async Task Anonymous_column_values_are_read_through_generated_getters_as_reflection_reads_them(Db db)
    {
        await using var scope = await SchemaScope.OpenAsync(db, TestDatabase.SnakeCase);
        var database = scope.Db;
        var table = await CreateAsync(scope);
        var values = new { UserName = "barbara", Age = (int?)null, Score = (decimal?)2.5m, JoinedAt = Joined, Token, State = "Active" };
        Assert.True(HasGeneratedGetters(values));

        await database.From(table).InsertAsync(values);
        // The same columns from an object the generator cannot see (it reaches Strata as object), so reflection reads it.
        object hidden = new { UserName = "barbara2", Age = (int?)null, Score = (decimal?)2.5m, JoinedAt = Joined, Token, State = "Active" };
        await database.From(table).InsertAsync(hidden);
        await database.From(table).Where(new { UserName = "barbara" }).UpdateAsync(new { Note = "liskov" });

        var rows = await database.From(table).Where(new { State = "Active" }).OrderBy("id").ToListAsync<GeneratedMember>();
        Assert.Equal(["barbara||2.5000|2021-03-04T05:06:07.2500000Z|6f9619ff-8b86-d011-b42d-00c04fc964ff|Active|liskov|", "barbara2||2.5000|2021-03-04T05:06:07.2500000Z|6f9619ff-8b86-d011-b42d-00c04fc964ff|Active||"],
            rows.Where(r => r.Name.StartsWith("barbara", StringComparison.Ordinal)).Select(Describe));
    }

    private static bool HasGeneratedGetters<T>(T _) where T : class => GeneratedMappers.HasColumnValues<T>();

    /// <summary>A query the generator cannot see: its type argument is a type parameter here.</summary>
    private static Task<IReadOnlyList<T>> ViaReflection<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Database database, Sql select) =>
        database.QueryAsync<T>(select);

    private static string Describe(IMember m) => string.Join("|", m.Name, m.Age, m.Score?.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
        m.JoinedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), m.Token, m.State, m.Note, m.Weight);

    /// <summary>The members' table with three rows, dropped when <paramref name="scope"/> ends.</summary>
    private static async Task<string> CreateAsync(SchemaScope scope)
    {
        var (database, db, table) = (scope.Db, scope.Kind, scope.Table("gen_map"));
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"""
            CREATE TABLE {t} (id {Sql.Raw(Types.AutoId(db))}, user_name {Sql.Raw(Types.Text(db))}, age {Sql.Raw(Types.Int(db))} NULL,
              score {Sql.Raw(Types.Decimal(db))} NULL, joined_at {Sql.Raw(Types.DateTime(db))}, token {Sql.Raw(Types.Guid(db))}, state {Sql.Raw(Types.Text(db))},
              note {Sql.Raw(Types.Text(db))} NULL, weight {Sql.Raw(Types.Double(db))} NULL)
            """);
        await database.ExecuteAsync($"""
            INSERT INTO {t} (user_name, age, score, joined_at, token, state, note, weight) VALUES
              ({"ada"}, {36}, {12.5m}, {Joined}, {Token}, {"Active"}, {(string?)null}, {(double?)null}),
              ({"alan"}, {(int?)null}, {(decimal?)null}, {Joined.AddDays(1)}, {Guid.Empty}, {"retired"}, {"enigma"}, {70.5}),
              ({"grace"}, {85}, {3m}, {Joined.AddDays(2)}, {Token}, {"Active"}, {"cobol"}, {(double?)null})
            """);
        return table;
    }

    public enum State
    {
        Active,
        Retired,
    }

    public interface IMember
    {
        string Name { get; }
        int? Age { get; }
        decimal? Score { get; }
        DateTime JoinedAt { get; }
        Guid Token { get; }
        State State { get; }
        string? Note { get; }
        double? Weight { get; }
    }

    public sealed class GeneratedMember : IMember
    {
        public long Id { get; set; }
        [Column("user_name")] public string Name { get; set; } = "";
        public int? Age { get; set; }
        public decimal? Score { get; set; }
        public DateTime JoinedAt { get; set; }
        public Guid Token { get; set; }
        public State State { get; set; }
        public string? Note { get; set; }
        public double? Weight { get; set; }
        [NotMapped] public string Label => Name.ToUpperInvariant();
    }

    public sealed class ReflectedMember : IMember
    {
        public long Id { get; set; }
        [Column("user_name")] public string Name { get; set; } = "";
        public int? Age { get; set; }
        public decimal? Score { get; set; }
        public DateTime JoinedAt { get; set; }
        public Guid Token { get; set; }
        public State State { get; set; }
        public string? Note { get; set; }
        public double? Weight { get; set; }
        [NotMapped] public string Label => Name.ToUpperInvariant();
    }

    public sealed record GeneratedRecord(long Id, [property: Column("user_name")] string Name, int? Age, decimal? Score, DateTime JoinedAt, Guid Token, State State,
        string? Note = "none", double Weight = -1);

    public sealed record ReflectedRecord(long Id, [property: Column("user_name")] string Name, int? Age, decimal? Score, DateTime JoinedAt, Guid Token, State State,
        string? Note = "none", double Weight = -1);

    public sealed class StrictRow
    {
        public long Id { get; set; }
        public string UserName { get; set; } = "";
        public double Age { get; set; }
    }

    public sealed class ReflectedStrictRow
    {
        public long Id { get; set; }
        public string UserName { get; set; } = "";
        public double Age { get; set; }
    }

    public readonly record struct MemberKey(long Value);

    public readonly record struct ReflectedKey(long Value);

    public sealed class KeyedRow
    {
        public MemberKey Id { get; set; }
        public string UserName { get; set; } = "";
    }

    public sealed class ReflectedKeyedRow
    {
        public ReflectedKey Id { get; set; }
        public string UserName { get; set; } = "";
    }

    public struct StructRow
    {
        public long Id { get; set; }
    }
}
