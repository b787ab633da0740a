using Microsoft.Playwright;
using StackExchange.Redis;
using Strata.Redis;
using Strata.Studio.Tests.Infrastructure;

namespace Strata.Studio.Tests;

/// <summary>The Redis page, on the shared Redis server under a prefix of the test's own, beside the SQLite studio's database.</summary>
public sealed class StudioRedisTests(SqliteStudio fixture) : IClassFixture<SqliteStudio>, IAsyncLifetime
{
    private readonly string _prefix = $"strata-studio-{Guid.NewGuid():N}:";
    private readonly string _outside = $"strata-studio-outside-{Guid.NewGuid():N}";
    private RedisStore _redis = null!;
    private StudioHost _studio = null!;

    public async Task InitializeAsync()
    {
        _redis = RedisStore.Open($"redis://127.0.0.1:6379?prefix={_prefix}");
        var db = _redis.Connection.GetDatabase();
        await db.StringSetAsync(_prefix + "greeting", "hello <b>world</b>", TimeSpan.FromMinutes(5));
        await db.HashSetAsync(_prefix + "user:1", [new HashEntry("name", "ada"), new HashEntry("role", "admin")]);
        await db.ListRightPushAsync(_prefix + "queue", ["first", "second", "third"]);
        await db.SetAddAsync(_prefix + "tags", ["red", "blue"]);
        await db.SortedSetAddAsync(_prefix + "scores", [new SortedSetEntry("ada", 3.5), new SortedSetEntry("alan", 2)]);
        await db.StreamAddAsync(_prefix + "events", "kind", "signup");
        await db.StringSetAsync(_outside, "not yours");
        _studio = await StudioHost.StartAsync(new StudioOptions { Database = fixture.Database, Redis = _redis });
    }

    [Fact]
    public async Task The_redis_page_lists_the_keys_under_the_prefix_with_types_and_shows_each_value()
    {
        var page = await (await fixture.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(_studio.CreateSignInUrl());
        await page.Locator("nav a", new() { HasTextString = "Redis" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Redis");
        var rows = page.Locator("table.redis-keys tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(6);
        var types = new Dictionary<string, string>();
        for (var i = 0; i < 6; i++)
            types[(await rows.Nth(i).Locator("th").InnerTextAsync())[_prefix.Length..]] = await rows.Nth(i).Locator("td").First.InnerTextAsync();
        Assert.Equal(new Dictionary<string, string>
        {
            ["events"] = "stream", ["greeting"] = "string", ["queue"] = "list", ["scores"] = "sorted set", ["tags"] = "set", ["user:1"] = "hash",
        }, types);
        Assert.DoesNotContain(_outside, await page.ContentAsync());
        var greeting = rows.Filter(new() { HasTextString = "greeting" });
        Assert.Matches(@"^\d{3} s$", await greeting.Locator("td").Nth(1).InnerTextAsync());   // about 300 s left
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("redis") });
        await Accessibility.AssertCleanAsync(page, fixture);

        await page.FillAsync("#match", "user:*");
        await page.Locator("form.filters button").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await rows.First.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Redis key");
        await Assertions.Expect(page.Locator("table.redis-value")).ToContainTextAsync("ada");
        await Assertions.Expect(page.Locator("table.redis-value")).ToContainTextAsync("admin");
        await Accessibility.AssertCleanAsync(page, fixture);

        await page.GotoAsync($"{_studio.Address}redis/key?name={Uri.EscapeDataString(_prefix + "greeting")}");
        await Assertions.Expect(page.Locator("pre.value")).ToHaveTextAsync("hello <b>world</b>");   // shown as text, never as markup
        await page.GotoAsync($"{_studio.Address}redis/key?name={Uri.EscapeDataString(_prefix + "scores")}");
        await Assertions.Expect(page.Locator("table.redis-value tbody tr").First).ToContainTextAsync("alan");
        // With the page's cookies but outside the browser, which shows a bodiless 404 as a navigation error.
        Assert.Equal(404, (await page.APIRequest.GetAsync($"{_studio.Address}redis/key?name={Uri.EscapeDataString(_outside)}")).Status);
        Assert.Equal("not yours", (string?)await _redis.Connection.GetDatabase().StringGetAsync(_outside));   // read, never changed
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_redis_store_the_page_is_absent()
    {
        var page = await (await fixture.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(fixture.ReadOnly.CreateSignInUrl());
        await Assertions.Expect(page.Locator("nav a", new() { HasTextString = "Redis" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.APIRequest.GetAsync(fixture.ReadOnly.Address + "redis")).Status);
        await page.Context.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await _studio.DisposeAsync();
        var db = _redis.Connection.GetDatabase();
        foreach (var key in new[] { "greeting", "user:1", "queue", "tags", "scores", "events" }) await db.KeyDeleteAsync(_prefix + key);
        await db.KeyDeleteAsync(_outside);
        await _redis.DisposeAsync();
    }
}
