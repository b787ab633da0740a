using Strata.IntegrationTests.Infrastructure;
using Strata.IntegrationTests.Migrations;

namespace Strata.IntegrationTests;

/// <summary>
/// Strata's own queries (migration history, introspection catalogs, schema module versions) work whatever naming
/// convention the application chose, and rows read snake_case columns into PascalCase members under every convention.
/// </summary>
public class NamingConventionTests
{
    public sealed record UserRow(long UserId, string DisplayName);

    public sealed class UserClass
    {
        public long UserId { get; set; }

        public string DisplayName { get; set; } = "";
    }

    /// <summary>A convention of the application's own, renaming even snake_case names: <c>CreatedAt</c> → <c>CREATED_AT</c>.</summary>
    private sealed class UpperSnakeCase : NamingConvention
    {
        public override string Convert(string name) => SnakeCase.Convert(name).ToUpperInvariant();
    }

    public static TheoryData<Db, string> DatabasesAndConventions()
    {
        var data = new TheoryData<Db, string>();
        foreach (var row in new AllDatabasesAttribute().GetData(null!))
        {
            data.Add((Db)row[0], "exact");
            data.Add((Db)row[0], "upper");
        }
        return data;
    }

    [Theory, MemberData(nameof(DatabasesAndConventions))]
    public async Task Migrations_and_introspection_work_under_the_exact_convention_and_one_of_the_applications_own(Db db, string name)
    {
        NamingConvention convention = name == "exact" ? NamingConvention.Exact : new UpperSnakeCase();
        await using var s = await MigrationScope.OpenAsync(db, o => o.NamingConvention = convention);
        s.Write("001_create_users.sql", "-- UP\nCREATE TABLE {p}_users (user_id INTEGER PRIMARY KEY, display_name VARCHAR(50) NOT NULL);\n-- DOWN\nDROP TABLE {p}_users;\n");
        var migrator = s.Migrator();

        var result = await migrator.UpAsync();
        var status = await migrator.StatusAsync();
        var table = await s.Db.Schema.IntrospectTableAsync(s.Table("users"));
        var schema = await s.Db.Schema.IntrospectAsync();
        await migrator.DownAsync();

        Assert.Equal(["001"], result.Steps.Select(x => x.Migration.Version));
        Assert.Equal(MigrationState.Applied, Assert.Single(status).State);
        Assert.Equal(["user_id", "display_name"], table!.Columns.Select(c => c.Name));
        Assert.Equal(["user_id"], table.PrimaryKey!.Columns);
        Assert.NotNull(schema.FindTable(s.Table("users")));
        Assert.False(await s.HasTableAsync("users"));
    }

    [Theory, AllDatabases]
    public async Task Snake_case_columns_are_read_into_members_under_every_convention(Db db)
    {
        foreach (var convention in new[] { NamingConvention.SnakeCase, NamingConvention.Exact })
        {
            await using var database = await TestDatabase.OpenAsync(db, o => o.NamingConvention = convention);

            var record = await database.QuerySingleAsync<UserRow>($"SELECT 7 AS user_id, 'Ada' AS display_name");
            var instance = await database.QuerySingleAsync<UserClass>($"SELECT 8 AS user_id, 'Grace' AS display_name");
            var exact = await database.QuerySingleAsync<UserRow>($"SELECT 9 AS {Sql.Identifier("UserId")}, 'Edsger' AS {Sql.Identifier("DisplayName")}");

            Assert.Equal(new UserRow(7, "Ada"), record);
            Assert.Equal((8L, "Grace"), (instance.UserId, instance.DisplayName));
            Assert.Equal(new UserRow(9, "Edsger"), exact);
        }
    }

    [Theory, AllDatabases]
    public async Task Two_columns_that_differ_only_in_underscores_match_no_member_by_that_rule(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.NamingConvention = NamingConvention.Exact);

        var e = await Assert.ThrowsAsync<MappingException>(() =>
            database.QuerySingleAsync<UserRow>($"SELECT 1 AS user_id, 2 AS {Sql.Identifier("use_rid")}, 'x' AS display_name"));

        Assert.Contains("UserId", e.Message, StringComparison.Ordinal);
    }
}
