// HostedApp: Strata in an ASP.NET Core application. appsettings.json declares two databases (main and analytics,
// SQLite files by default; set ConnectionStrings__main=postgres://… to change one), AddStrata validates them at
// start-up, the hosted service applies their migrations, repositories and a [Transactional] service use them,
// and /health reports on each. A Redis store (Strata:Redis:cache, 127.0.0.1:6379) rate-limits GET /orders through
// ASP.NET Core's rate-limiting middleware: 5 requests per client address per 10 seconds, shared by every instance.
// Run with --serve to keep serving on http://127.0.0.1:5080.
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using HostedApp;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Strata;
using Strata.Hosting;
using Strata.Redis;

var serve = args.Contains("--serve");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddStrata(builder.Configuration, strata => strata
    // What configuration cannot say: the main database's migrations are C# classes.
    .ConfigureDatabase("main", o => o.Migrations.AddTypes(typeof(CreateOrders)))
    .AddRedis("cache"));                                    // URL and prefix from Strata:Redis:cache
builder.Services.AddSingleton(sp => sp.GetRequiredService<RedisStore>()
    .CreateRateLimiter(RateLimitPolicy.FixedWindow(5, TimeSpan.FromSeconds(10)), new RedisRateLimiterOptions { FailMode = RateLimiterFailMode.Local }));
builder.Services.AddRateLimiter(options =>
{
    options.AddPolicy("per-client", context => RateLimitPartition.Get(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        key => context.RequestServices.GetRequiredService<RedisRateLimiter>().ForKey("orders:" + key)));
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.OnRejected = (context, _) =>
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    };
});
builder.Services.AddRepositories(typeof(Program).Assembly);
builder.Services.AddTransactional<IOrderService, OrderService>();
builder.Services.AddHealthChecks().AddStrata().AddStrataRedis();
builder.WebHost.UseUrls(serve ? "http://127.0.0.1:5080" : "http://127.0.0.1:0");

var app = builder.Build();
app.UseRateLimiter();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
app.MapGet("/orders/{customer}", (string customer, OrderRepository orders) => orders.ForCustomerAsync(customer)).RequireRateLimiting("per-client");
app.MapPost("/orders/{customer}", async (string customer, LineRequest[] lines, IOrderService service) => Results.Ok(await service.PlaceAsync(customer, lines)));

await app.StartAsync();
var address = app.Urls.First();
Console.WriteLine($"Listening on {address}");

await using (var scope = app.Services.CreateAsyncScope())
{
    var service = scope.ServiceProvider.GetRequiredService<IOrderService>();
    var order = await service.PlaceAsync("ada", [new("notebook", 2, 450), new("pen", 3, 120)]);
    Console.WriteLine($"Placed order {order.Id} for {order.Customer}: {order.TotalCents} cents");
    try
    {
        // The second line is invalid: the order row written before it is rolled back with it.
        await service.PlaceAsync("bob", [new("lamp", 1, 3000), new("bulb", 0, 200)]);
    }
    catch (ValidationException e)
    {
        Console.WriteLine($"Refused bob's order ({e.Errors[0].Message}); orders stored for bob: " +
            (await scope.ServiceProvider.GetRequiredService<OrderRepository>().ForCustomerAsync("bob")).Count);
    }
    var events = scope.ServiceProvider.GetRequiredService<EventRepository>();
    Console.WriteLine($"Analytics events so far: {await events.CountAsync()}");
}

using (var http = new HttpClient { BaseAddress = new Uri(address) })
{
    Console.WriteLine($"GET /orders/ada -> {await http.GetStringAsync("/orders/ada")}");
    // Start this client's window afresh so the demo shows the same on every run, then go past the limit of 5.
    await app.Services.GetRequiredService<RedisRateLimiter>().ResetAsync("orders:127.0.0.1");
    var statuses = new List<int>();
    for (var i = 0; i < 7; i++)
    {
        using var response = await http.GetAsync("/orders/ada");
        statuses.Add((int)response.StatusCode);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            Console.WriteLine($"GET /orders/ada -> 429, Retry-After: {response.Headers.RetryAfter}");
    }
    Console.WriteLine($"7 requests within the window -> {string.Join(", ", statuses)}");
    var health = await http.GetAsync("/health");
    Console.WriteLine($"GET /health -> {(int)health.StatusCode}");
    Console.WriteLine(await health.Content.ReadAsStringAsync());
}

if (serve) await app.WaitForShutdownAsync();
else await app.StopAsync();

static Task WriteHealthAsync(HttpContext context, HealthReport report)
{
    context.Response.ContentType = "application/json";
    var body = new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(e => e.Key, e => new
        {
            status = e.Value.Status.ToString(),
            description = e.Value.Description,
            data = e.Value.Data,
        }),
    };
    return context.Response.WriteAsync(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));
}
