using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strata.Studio.Tests.Infrastructure;

namespace Strata.Studio.Tests;

/// <summary>What Strata Studio does, written once and run on each database by the classes at the end.</summary>
public abstract class StudioBehaviour(StudioFixture fixture)
{
    [Fact]
    public async Task The_studio_opens_with_its_one_time_link_and_refuses_without_it_or_under_another_host_name()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var bare = await page.GotoAsync(fixture.ReadOnly.Address.ToString());
        Assert.Equal(401, bare!.Status);
        Assert.DoesNotContain("authors", await page.ContentAsync());

        var link = fixture.ReadOnly.CreateSignInUrl();
        var signedIn = await page.GotoAsync(link);
        Assert.Equal(200, signedIn!.Status);
        Assert.Equal(fixture.ReadOnly.Address.ToString(), page.Url);   // the token is gone from the address bar
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tables");

        var other = await (await fixture.Browser.NewContextAsync()).NewPageAsync();
        Assert.Equal(401, (await other.GotoAsync(link))!.Status);      // the link works once

        var cookies = await context.CookiesAsync();
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        var port = fixture.ReadOnly.Address.Port;
        using var rebinding = new HttpRequestMessage(HttpMethod.Get, fixture.ReadOnly.Address);
        rebinding.Headers.Host = $"attacker.example:{port}";
        rebinding.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebinding)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, fixture.ReadOnly.Address);
        right.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        var session = cookies.Single(c => c.Name.StartsWith("strata-studio-", StringComparison.Ordinal) && !c.Name.Contains("-af-"));
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(":strata@", await page.ContentAsync());   // the password never reaches a page
        await context.DisposeAsync();
    }

    [Fact]
    public async Task The_tables_page_lists_the_tables_with_row_counts_and_keeps_strata_tables_apart()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        var application = page.Locator("table.tables").First;
        foreach (var name in new[] { "authors", "books", "items", "canary" })
            await Assertions.Expect(application.Locator("th", new() { HasTextString = name })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h2", new() { HasTextString = "Strata's own tables" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.tables").Nth(1).Locator("th", new() { HasTextString = "strata_migrations" })).ToBeVisibleAsync();
        var items = application.Locator("tr", new() { Has = page.Locator("th a", new() { HasTextRegex = new Regex("^items$") }) });
        await Assertions.Expect(items.Locator("td").First).ToHaveTextAsync("10,000");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("tables"), FullPage = true });
        await Accessibility.AssertCleanAsync(page, fixture);
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task The_browser_pages_through_ten_thousand_rows_by_key()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "table/items");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("table-browser") });
        await Accessibility.AssertCleanAsync(page, fixture);
        var seen = new List<int>();
        // The first pages through the browser's own links; then the same links followed over HTTP, which is quicker than
        // rendering a hundred pages and walks exactly what the browser would.
        for (var i = 0; i < 3; i++)
        {
            seen.AddRange((await page.Locator("table.rows tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(int.Parse));
            await page.Locator("a[rel=next]").ClickAsync();
        }
        var cookie = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        var next = page.Url;
        var pages = 3;
        string html;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("Cookie", cookie);
            html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
            seen.AddRange(Regex.Matches(html, @"/table/items/row\?key=(\d+)").Select(m => int.Parse(m.Groups[1].Value)));
            var link = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">");
            next = link.Success ? new Uri(fixture.ReadOnly.Address, WebUtility.HtmlDecode(link.Groups[1].Value)).ToString() : null;
            Assert.True(++pages < 200, "The pager never ended.");
        }
        while (next is not null);
        Assert.Equal(Enumerable.Range(1, StudioFixture.Items), seen);
        Assert.Equal(StudioFixture.Items / 100, pages);
        var sql = WebUtility.HtmlDecode(Regex.Match(html, "<pre class=\"sql\">([^<]*)</pre>").Groups[1].Value);
        Assert.Contains("WHERE", sql, StringComparison.OrdinalIgnoreCase);           // the last page starts from a key,
        Assert.DoesNotContain("OFFSET", sql, StringComparison.OrdinalIgnoreCase);    // not by skipping 9,900 rows
        await page.Context.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Keyset_pages_sorted_by_a_nullable_column_hold_every_row_once_in_order_with_nulls_last(bool descending)
    {
        var table = (await fixture.Database.Schema.IntrospectTableAsync("items"))!;
        var browser = new Data.TableBrowser(new StudioOptions { Database = fixture.Database, PageSize = 700 });
        var rows = new List<(int Id, int? Amount)>();
        IReadOnlyList<string?>? after = null;
        do
        {
            var page = await browser.ReadAsync(table, new Data.BrowseRequest("amount", descending, [], after, 1), CancellationToken.None);
            Assert.Null(page.Error);
            rows.AddRange(page.Rows.Select(r => (Convert.ToInt32(r["id"]), r["amount"] is null or DBNull ? (int?)null : Convert.ToInt32(r["amount"]))));
            after = page.NextCursor;
        }
        while (after is not null);
        Assert.Equal(Enumerable.Range(1, StudioFixture.Items), rows.Select(r => r.Id).Order());
        var expected = rows.Where(r => r.Amount is not null).OrderBy(r => descending ? -r.Amount!.Value : r.Amount!.Value).ThenBy(r => descending ? -r.Id : r.Id)
            .Concat(rows.Where(r => r.Amount is null).OrderBy(r => descending ? -r.Id : r.Id));
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task Sorting_and_filtering_use_parameters_so_a_hostile_value_finds_nothing_and_changes_nothing()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "table/items");
        await page.Locator("thead a", new() { HasTextString = "amount" }).ClickAsync();
        await page.Locator("thead a", new() { HasTextString = "amount" }).ClickAsync();   // downwards
        await Assertions.Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("amount");
        Assert.Equal("999", await page.Locator("table.rows tbody tr").First.Locator("td").Nth(3).InnerTextAsync());
        // The second page of a sort by a nullable column continues from the cursor, with its NULLs last.
        await page.Locator("a[rel=next]").ClickAsync();
        Assert.Equal("2", await page.Locator("caption").InnerTextAsync().ContinueWith(t => Regex.Match(t.Result, @"Page (\d+)").Groups[1].Value));

        await page.GotoAsync(fixture.ReadOnly.Address + "table/items");
        await page.SelectOptionAsync("#fc0", "label");
        await page.SelectOptionAsync("#fo0", "=");
        await page.FillAsync("#fv0", "item 77");
        await page.ClickAsync("button:text('Filter')");
        Assert.Equal(["77"], await page.Locator("table.rows tbody tr td:nth-child(2)").AllInnerTextsAsync());

        foreach (var hostile in new[] { "x' OR '1'='1", "'; DROP TABLE canary; --", "item 1\"; DELETE FROM canary; --" })
        {
            await page.GotoAsync(fixture.ReadOnly.Address + "table/items?fc=label&fo=%3D&fv=" + Uri.EscapeDataString(hostile));
            Assert.Equal(0, await page.Locator("table.rows tbody tr").CountAsync());
        }
        await page.GotoAsync(fixture.ReadOnly.Address + "table/items?fc=amount&fo=%3D&fv=" + Uri.EscapeDataString("1 OR 1=1"));
        Assert.Equal(0, await page.Locator("table.rows tbody tr").CountAsync());
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("not a whole number");
        Assert.Equal(1, await fixture.CanaryRowsAsync());

        await page.GotoAsync(fixture.ReadOnly.Address + "table/items?fc=amount&fo=null");
        Assert.Equal("NULL", await page.Locator("table.rows tbody tr").First.Locator("td").Nth(3).InnerTextAsync());
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task The_sql_editor_runs_a_query_shows_a_failing_one_with_its_error_and_refuses_writes_when_read_only()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "sql");
        await page.FillAsync("#statement", "SELECT id, name FROM authors ORDER BY id");
        await page.ClickAsync("button:text-is('Run')");
        await Assertions.Expect(page.Locator(".row-count")).ToHaveTextAsync("2 row(s)");
        await Assertions.Expect(page.Locator("#result table.grid")).ToContainTextAsync("Ursula");
        await Assertions.Expect(page.Locator(".duration")).ToContainTextAsync("ms");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("sql"), FullPage = true });
        await Accessibility.AssertCleanAsync(page, fixture);

        await page.FillAsync("#statement", "SELECT id\nFORM authors");
        await page.ClickAsync("button:text-is('Run')");
        await Assertions.Expect(page.Locator("#result .error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#result .error")).ToContainTextAsync("line 2");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("sql-error"), FullPage = true });

        await page.FillAsync("#statement", "DELETE FROM canary");
        await page.ClickAsync("button:text-is('Run')");
        await Assertions.Expect(page.Locator("#result .error")).ToContainTextAsync("read-only");
        Assert.Equal(1, await fixture.CanaryRowsAsync());

        await page.FillAsync("#statement", "SELECT * FROM items WHERE id = 5");
        await page.ClickAsync("button:text-is('Explain')");
        await Assertions.Expect(page.Locator("#result")).Not.ToContainTextAsync("error");
        Assert.True(await page.Locator("#result pre.plan, #result table.grid").CountAsync() == 1);
        await page.ClickAsync("button:text-is('Explain analyze')");
        if (fixture.Db == IntegrationTests.Infrastructure.Db.Sqlite)
            await Assertions.Expect(page.Locator("#result .error")).ToContainTextAsync("no EXPLAIN ANALYZE");
        else
            Assert.True(await page.Locator("#result pre.plan, #result table.grid").CountAsync() == 1);
        await Assertions.Expect(page.Locator("ol.history li")).ToHaveCountAsync(5);
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task The_diagram_draws_the_tables_and_their_foreign_keys_and_links_each_table_to_its_rows()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "diagram");
        await Assertions.Expect(page.Locator("svg.diagram a[data-table=books]")).ToBeVisibleAsync();
        Assert.Contains("books.author_id references authors.id", await page.Locator("svg.diagram path.fk title").AllTextContentsAsync());
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("diagram"), FullPage = true });
        await Accessibility.AssertCleanAsync(page, fixture);
        await page.Locator("svg.diagram a[data-table=authors]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/table/authors$"));
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Migrations_are_refused_without_write_and_a_pending_one_is_applied_with_write_after_its_plan_is_shown()
    {
        var readOnly = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await readOnly.GotoAsync(fixture.ReadOnly.Address + "migrations");
        await Assertions.Expect(readOnly.Locator(".notice")).ToContainTextAsync("--write");
        Assert.Equal(0, await readOnly.Locator("button", new() { HasTextString = "Apply" }).CountAsync());
        await readOnly.ScreenshotAsync(new() { Path = fixture.Screenshot("migrations"), FullPage = true });
        await Accessibility.AssertCleanAsync(readOnly, fixture);
        // Even a well-formed POST (with a valid antiforgery token, taken from the SQL form) is refused.
        await readOnly.GotoAsync(fixture.ReadOnly.Address + "sql");
        var token = await readOnly.Locator("input[name=__studio_af]").First.GetAttributeAsync("value");
        var refused = await readOnly.APIRequest.PostAsync(fixture.ReadOnly.Address + "migrations?handler=Up",
            new() { Form = readOnly.APIRequest.CreateFormData().Set("__studio_af", token!).Set("confirmed", "true") });
        Assert.Equal(403, refused.Status);
        await readOnly.Context.DisposeAsync();

        var page = await fixture.SignedInPageAsync(fixture.Writable);
        var forged = await page.APIRequest.PostAsync(fixture.Writable.Address + "migrations?handler=Up", new() { Form = page.APIRequest.CreateFormData().Set("confirmed", "true") });
        Assert.Equal(400, forged.Status);   // a POST without the antiforgery token does nothing, even with writes allowed
        await page.GotoAsync(fixture.Writable.Address + "migrations");
        await Assertions.Expect(page.Locator(".state-Pending")).ToHaveCountAsync(1);   // 002_tags; no other test applies it
        await page.ClickAsync("button:text('Apply pending…')");
        await Assertions.Expect(page.Locator(".preview pre.sql")).ToContainTextAsync("CREATE TABLE tags");
        Assert.Contains(await fixture.Database.Migrator.StatusAsync(), s => s.State == MigrationState.Pending);   // the plan ran nothing
        await page.ClickAsync("button:text('Apply them')");
        await Assertions.Expect(page.Locator(".job-state")).ToHaveTextAsync("finished", new() { Timeout = 30_000 });
        var status = await fixture.Database.Migrator.StatusAsync();
        Assert.All(status, s => Assert.Equal(MigrationState.Applied, s.State));
        Assert.Equal(0, await fixture.Database.From("tags").CountAsync());

        await page.GotoAsync(fixture.Writable.Address + "migrations");
        await page.ClickAsync("button:text('Roll back the last…')");
        await Assertions.Expect(page.Locator(".preview h2")).ToContainTextAsync("002");
        await Assertions.Expect(page.Locator(".preview pre.sql")).ToContainTextAsync("DROP TABLE tags");
        await page.ClickAsync("button:text('Roll it back')");
        await Assertions.Expect(page.Locator(".job-state")).ToHaveTextAsync("finished", new() { Timeout = 30_000 });
        Assert.Equal(MigrationState.Pending, (await fixture.Database.Migrator.StatusAsync()).Single(s => s.Version == "002").State);
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task A_cell_edited_with_write_is_changed_in_the_database_after_its_sql_is_shown()
    {
        var page = await fixture.SignedInPageAsync(fixture.Writable);
        await page.GotoAsync(fixture.Writable.Address + "table/authors/row?key=2");
        await page.SelectOptionAsync("#edit-column", "name");
        await page.FillAsync("#edit-value", "Pratchett");
        await page.ClickAsync("button:text('Show the change')");
        await Assertions.Expect(page.Locator(".preview pre.sql")).ToContainTextAsync("UPDATE");
        Assert.Equal("Terry", await fixture.Database.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {2}"));   // nothing ran yet
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("edit-preview"), FullPage = true });
        await Accessibility.AssertCleanAsync(page, fixture);
        await page.ClickAsync("button:text('Run it')");
        await Assertions.Expect(page.Locator(".success")).ToBeVisibleAsync();
        Assert.Equal("Pratchett", await fixture.Database.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {2}"));

        var readOnly = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await readOnly.GotoAsync(fixture.ReadOnly.Address + "table/authors/row?key=2");
        Assert.Equal(0, await readOnly.Locator("#edit-column").CountAsync());
        await page.Context.DisposeAsync();
        await readOnly.Context.DisposeAsync();
    }

    [Fact]
    public async Task A_row_inserted_and_deleted_with_write_is_in_the_database_and_then_gone()
    {
        var page = await fixture.SignedInPageAsync(fixture.Writable);
        await page.GotoAsync(fixture.Writable.Address + "table/authors/insert");
        await page.FillAsync("input[name='values[id]']", "90");
        await page.FillAsync("input[name='values[name]']", "Octavia");
        await page.ClickAsync("button:text('Show the insert')");
        await Assertions.Expect(page.Locator(".preview pre.sql")).ToContainTextAsync("INSERT");
        await page.ClickAsync("button:text('Run it')");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/table/authors$"));
        Assert.Equal("Octavia", await fixture.Database.ScalarAsync<string>($"SELECT name FROM authors WHERE id = {90}"));

        await page.GotoAsync(fixture.Writable.Address + "table/authors/row?key=90");
        await page.ClickAsync("button:text('Show the delete')");
        await Assertions.Expect(page.Locator(".preview pre.sql")).ToContainTextAsync("DELETE");
        await page.ClickAsync("button:text('Run it')");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/table/authors$"));
        Assert.Equal(0, await fixture.Database.From("authors").Where("id", 90).CountAsync());
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Values_show_null_as_null_long_text_cut_short_and_json_pretty_printed()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "table/books");
        var nullTitle = page.Locator("table.rows tbody tr").Nth(1).Locator("td").Nth(3);
        await Assertions.Expect(nullTitle.Locator(".null")).ToHaveTextAsync("NULL");
        Assert.Contains("\n", await page.Locator("pre.json").First.InnerTextAsync());
        await page.GotoAsync(fixture.ReadOnly.Address + "table/items");
        var note = page.Locator("table.rows tbody tr").First.Locator("td").Nth(4);
        Assert.True((await note.InnerTextAsync()).Length < 300);
        await page.GotoAsync(fixture.ReadOnly.Address + "table/items/row?key=1");
        Assert.Equal(500, (await page.Locator("table.record td").Nth(3).InnerTextAsync()).Trim().Length);
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task Health_shows_the_ping_and_pool_and_keyboard_users_can_skip_to_the_content()
    {
        var page = await fixture.SignedInPageAsync(fixture.ReadOnly);
        await page.GotoAsync(fixture.ReadOnly.Address + "health");
        await Assertions.Expect(page.Locator(".ping")).ToContainTextAsync("ms");
        await Assertions.Expect(page.Locator("#health")).ToHaveAttributeAsync("hx-trigger", "every 3s");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("health"), FullPage = true });
        await Accessibility.AssertCleanAsync(page, fixture);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Context.DisposeAsync();
    }
}

public sealed class SqliteStudioTests(SqliteStudio fixture) : StudioBehaviour(fixture), IClassFixture<SqliteStudio>;

public sealed class PostgresStudioTests(PostgresStudio fixture) : StudioBehaviour(fixture), IClassFixture<PostgresStudio>;

public sealed class MariaDbStudioTests(MariaDbStudio fixture) : StudioBehaviour(fixture), IClassFixture<MariaDbStudio>;
