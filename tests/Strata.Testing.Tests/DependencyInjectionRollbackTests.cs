using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.Extensions.DependencyInjection;
using Strata.Hosting;
using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

[Table("widgets")]
public sealed class DiWidget
{
    public long Id { get; set; }

    public string Name { get; set; } = "";
}

[Table("widgets")]
public sealed class WidgetModel : Model<WidgetModel>
{
    public long Id { get; set; }

    public string Name { get; set; } = "";
}

public interface IWidgetService
{
    Task AddAsync(string name);

    Task AddThenFailAsync(string name);
}

/// <summary>A service whose methods each run in a transaction of their own, through the repository the container gives it.</summary>
[Transactional]
public sealed class WidgetService(IRepository<DiWidget, long> widgets) : IWidgetService
{
    public async Task AddAsync(string name) => await widgets.CreateAsync(new DiWidget { Name = name });

    public async Task AddThenFailAsync(string name)
    {
        await widgets.CreateAsync(new DiWidget { Name = name });
        throw new InvalidOperationException("the service failed");
    }
}

public sealed class DependencyInjectionRollbackTests
{
    private static Task<TestDatabase> CreateAsync(Db db) => TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));

    /// <summary>A test host: the test database is the default database, with the service and the generic repositories.</summary>
    private static ServiceProvider Host(TestDatabase test)
    {
        var services = new ServiceCollection();
        services.AddStrata(s => s.AddDatabase("main", test.Database));
        services.AddTransactional<IWidgetService, WidgetService>();
        return services.BuildServiceProvider();
    }

    [Theory, AllDatabases]
    public async Task Repositories_models_and_a_transactional_service_from_the_container_are_rolled_back_with_the_test(Db db)
    {
        await using var test = await CreateAsync(db);
        await using var host = Host(test);

        await test.Database.RollbackAfterAsync(async () =>
        {
            await using var scope = host.CreateAsyncScope();
            using var models = ModelDatabase.Use(scope.ServiceProvider.GetRequiredService<IDatabase>());
            Assert.Same(test.Database, scope.ServiceProvider.GetRequiredService<Database>());

            await scope.ServiceProvider.GetRequiredService<IWidgetService>().AddAsync("service");
            await scope.ServiceProvider.GetRequiredService<IRepository<DiWidget, long>>().CreateAsync(new DiWidget { Name = "repository" });
            await new WidgetModel { Name = "model" }.SaveAsync();

            await test.Database.AssertHasAsync("widgets", new { name = "service" });
            Assert.Single(await WidgetModel.WhereAsync(w => w.Name == "repository"));
            await test.Database.AssertCountAsync("widgets", 4);
        });

        await test.Database.AssertCountAsync("widgets", 1);
        await test.Database.AssertMissingAsync("widgets", new { name = "service" });
    }

    [Theory, AllDatabases]
    public async Task A_failing_transactional_service_undoes_its_savepoint_and_the_test_goes_on(Db db)
    {
        await using var test = await CreateAsync(db);
        await using var host = Host(test);

        await test.Database.RollbackAfterAsync(async () =>
        {
            await using var scope = host.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<IWidgetService>();
            await service.AddAsync("kept");
            await Assert.ThrowsAsync<InvalidOperationException>(() => service.AddThenFailAsync("undone"));

            await test.Database.AssertHasAsync("widgets", new { name = "kept" });
            await test.Database.AssertMissingAsync("widgets", new { name = "undone" });
        });

        await test.Database.AssertCountAsync("widgets", 1);
    }

    [Theory, AllDatabases]
    public async Task A_test_that_opts_out_commits_through_the_container_and_resets_afterwards(Db db)
    {
        await using var test = await CreateAsync(db);
        await using (var host = Host(test))
        {
            await using var scope = host.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IWidgetService>().AddAsync("committed");
        }

        // Committed: another connection sees it, and disposing the host left the test database open.
        await using (var other = Database.Open(test.Url)) await other.AssertHasAsync("widgets", new { name = "committed" });
        await test.ResetAsync();
        await test.Database.AssertCountAsync("widgets", 1);
        await test.Database.AssertMissingAsync("widgets", new { name = "committed" });
    }
}
