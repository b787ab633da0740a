using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.Extensions.DependencyInjection;
using Strata.Hosting;

namespace Strata.Testing.Xunit.Tests;

[Table("widgets")]
public sealed class Widget
{
    public long Id { get; set; }

    public string Name { get; set; } = "";
}

public interface IWidgets
{
    Task AddAsync(string name);
}

[Transactional]
public sealed class WidgetService(IRepository<Widget, long> widgets) : IWidgets
{
    public async Task AddAsync(string name) => await widgets.CreateAsync(new Widget { Name = name });
}

/// <summary>
/// What DatabaseTest promises, on one database: every test starts from the seeded database (one widget) whatever the others
/// wrote, its writes (through SQL, a repository and a [Transactional] service from a container) stay in its own uncommitted
/// transaction, and a test marked NoRollback commits.
/// </summary>
public abstract class RollbackPerTestContract<TFixture>(TFixture fixture) : DatabaseTest<TFixture>(fixture)
    where TFixture : DatabaseFixture
{
    [Fact]
    public async Task A_test_writing_through_SQL_starts_from_the_seeded_rows()
    {
        await Database.AssertCountAsync("widgets", 1);
        await Database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"sql"})");
        await Database.AssertCountAsync("widgets", 2);
    }

    [Fact]
    public async Task A_test_writing_through_a_repository_starts_from_the_seeded_rows()
    {
        await Database.AssertCountAsync("widgets", 1);
        await new Repository<Widget, long>(Database).CreateAsync(new Widget { Name = "repository" });
        await Database.AssertCountAsync("widgets", 2);
    }

    [Fact]
    public async Task A_transactional_service_from_a_container_writes_into_the_tests_uncommitted_transaction()
    {
        var services = new ServiceCollection();
        services.AddStrata(s => s.AddDatabase("main", Database));
        services.AddTransactional<IWidgets, WidgetService>();
        await using (var host = services.BuildServiceProvider())
        {
            await using var scope = host.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IWidgets>().AddAsync("service");
        }

        Assert.True(RollsBack);
        await Database.AssertHasAsync("widgets", new { name = "service" });
        await Database.AssertCountAsync("widgets", 2);
        await using var other = Database.Open(Fixture.Test.Url);
        await other.AssertMissingAsync("widgets", new { name = "service" });
    }

    [Fact, NoRollback]
    public async Task A_test_marked_NoRollback_commits_and_the_database_is_reset_after_it()
    {
        Assert.False(RollsBack);
        await Database.AssertCountAsync("widgets", 1);
        await Database.ExecuteAsync($"INSERT INTO widgets (name) VALUES ({"committed"})");

        await using var other = Database.Open(Fixture.Test.Url);
        await other.AssertHasAsync("widgets", new { name = "committed" });
    }
}

public sealed class SqliteRollbackPerTestTests(SqliteWidgets fixture) : RollbackPerTestContract<SqliteWidgets>(fixture), IClassFixture<SqliteWidgets>;

public sealed class PostgresRollbackPerTestTests(PostgresWidgets fixture) : RollbackPerTestContract<PostgresWidgets>(fixture), IClassFixture<PostgresWidgets>;

public sealed class MariaDbRollbackPerTestTests(MariaDbWidgets fixture) : RollbackPerTestContract<MariaDbWidgets>(fixture), IClassFixture<MariaDbWidgets>;
