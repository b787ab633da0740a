using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Tests;

public sealed class FactoryTests
{
    public sealed class Widget
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";
    }

    private static readonly Factory<Widget> Named = Factory.Define((f, n) => new Widget { Name = $"{f.Commerce.ProductName()} #{n}" });

    private static Repository<Widget, long> Repository(Database db) => new(db, RepositoryOptions.Default with { Table = "widgets" });

    [Theory, AllDatabases]
    public async Task CreateAsync_saves_through_the_repository_with_keys_filled_in(Db db)
    {
        await using var test = await TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));
        var widgets = Factory.Define((f, n) => new Widget { Name = $"{f.Commerce.ProductName()} #{n}" });

        var saved = await widgets.CreateAsync(Repository(test.Database), 3);
        var one = await widgets.CreateAsync(Repository(test.Database));

        Assert.Equal(4, saved.Concat([one]).Select(w => w.Id).Distinct().Count());
        Assert.All(saved.Concat([one]), w => Assert.True(w.Id > 1));
        await test.Database.AssertCountAsync("widgets", 5);
        foreach (var widget in saved) await test.Database.AssertHasAsync("widgets", new { id = widget.Id, name = widget.Name });
    }

    [Theory, AllDatabases]
    public async Task Make_saves_nothing(Db db)
    {
        await using var test = await TestDatabase.CreateAsync(TestServers.Url(db), TestServers.Options(db, Widgets.Configure));

        var made = Named.Make(2);

        Assert.Equal(2, made.Count);
        Assert.All(made, w => Assert.Equal(0, w.Id));
        await test.Database.AssertCountAsync("widgets", 1);
    }

    [Fact]
    public void Sequences_count_up_across_derived_factories_and_states_apply_after_the_definition()
    {
        var widgets = Factory.Define((f, n) => new Widget { Name = $"widget {n}" });
        var shouted = widgets.With(w => w.Name = w.Name.ToUpperInvariant());

        Assert.Equal("widget 1", widgets.Make().Name);
        Assert.Equal("WIDGET 2", shouted.Make().Name);
        Assert.Equal(["widget 3", "widget 4"], widgets.Make(2).Select(w => w.Name).ToArray());
    }

    [Fact]
    public void A_seeded_factory_makes_the_same_values()
    {
        var widgets = Factory.Define(f => new Widget { Name = f.Commerce.ProductName() });

        Assert.Equal(widgets.Seed(42).Make(3).Select(w => w.Name), widgets.Seed(42).Make(3).Select(w => w.Name));
    }
}
