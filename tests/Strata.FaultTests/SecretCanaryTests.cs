using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.FaultTests.Infrastructure;
using Strata.IntegrationTests.Infrastructure;
using Strata.Resilience;

namespace Strata.FaultTests;

/// <summary>
/// A distinctive password goes into every failure path Strata has for a connection (wrong host, port, database, password,
/// malformed URL, health checks, the host's option validation) while logs at Trace, spans, metrics, exceptions'
/// <c>ToString()</c> and reports are captured: it must appear nowhere.
/// </summary>
public class SecretCanaryTests
{
    private const string Password = "Canary7pw9Qz4Xk2";

    private static IEnumerable<string> Urls(Db kind)
    {
        var scheme = kind == Db.Postgres ? "postgres" : "mariadb";
        var port = kind == Db.Postgres ? 5432 : 3306;
        yield return $"{scheme}://strata:{Password}@127.0.0.1:{port}/strata_test";                // wrong password
        yield return $"{scheme}://strata:{Password}@127.0.0.1:{port}/strata_no_such_database";    // wrong database
        yield return $"{scheme}://strata:{Password}@127.0.0.1:9/strata_test";                     // nothing listens
        yield return $"{scheme}://strata:{Password}@strata-no-such-host.invalid:{port}/strata_test";  // no such host
        yield return $"{scheme}://strata_no_such_user:{Password}@127.0.0.1:{port}/strata_test";   // no such user
    }

    private static void Assert_no_secret(SecretCapture capture, string where)
    {
        var text = capture.Text;
        Assert.False(string.IsNullOrEmpty(text), $"{where}: nothing was captured, so the test proves nothing");
        foreach (var form in new[] { Password, Uri.EscapeDataString(Password), Password[..8] })
        {
            var at = text.IndexOf(form, StringComparison.Ordinal);
            if (at >= 0)
                throw new Xunit.Sdk.XunitException($"{where}: the password appears in captured output: …{text[Math.Max(0, at - 300)..Math.Min(text.Length, at + 100)]}…");
        }
    }

    [Theory, ServerDatabases]
    public async Task A_password_never_appears_in_errors_logs_spans_metrics_or_health_reports(Db kind)
    {
        using var capture = new SecretCapture();
        foreach (var url in Urls(kind))
        {
            var options = new DatabaseOptions
            {
                Url = url,
                LoggerFactory = capture,
                ConnectTimeout = TimeSpan.FromSeconds(2),
                Resilience = new ConnectionResilienceOptions { OpenRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(50) },
            };
            capture.Add(options.ToString());
            await using var db = Database.Open(options);
            capture.Add(db.ToString());
            capture.Add(db.Settings.ToString());
            foreach (var attempt in new Func<Task>[]
            {
                () => db.PingAsync(),
                () => db.ScalarAsync<int>($"SELECT {1}"),
                () => db.TransactionAsync(tx => tx.ExecuteAsync($"SELECT {2}")),
                () => db.From("t").CountAsync(),
            })
            {
                var error = await Record.ExceptionAsync(attempt);
                Assert.True(error is DatabaseException, $"{Redacted(url)}: expected a DatabaseException, got {error?.GetType().FullName}");
                capture.Add(error!.ToString());
                capture.Add(error.Message);
            }
            var report = await db.CheckHealthAsync();
            Assert.NotEqual(DatabaseHealthStatus.Healthy, report.Status);
            capture.Add(report.ToString());
            capture.Add(string.Join(" ", report.ToData().Select(p => $"{p.Key}={p.Value}")));
            capture.Add(report.Error?.ToString());
            Assert_no_secret(capture, Redacted(url));
        }
    }

    [Theory, ServerDatabases]
    public async Task A_password_never_appears_when_the_host_refuses_bad_options(Db kind)
    {
        using var capture = new SecretCapture();
        var scheme = kind == Db.Postgres ? "postgres" : "mariadb";
        foreach (var url in new[]
        {
            $"{scheme}://strata:{Password}@127.0.0.1:5432/strata_test?pool_max=lots",
            $"{scheme}://strata:{Password}@127.0.0.1:5432/strata_test?no_such_option=1",
            $"{scheme}://strata:{Password}@127.0.0.1:notaport/strata_test",
            $"{scheme}://strata:{Password}@127.0.0.1:5432",
            $"{scheme}://strata:{Password}@127.0.0.1:5432/strata_test?command_timeout=1&command_timeout=2",
        })
        {
            capture.Add(Record.Exception(() => Database.Open(url))?.ToString() ?? $"opened {url.Length}");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:main"] = url });
            builder.Logging.AddProvider(capture);
            builder.Services.AddStrata(builder.Configuration);
            var error = await Record.ExceptionAsync(async () =>
            {
                using var host = builder.Build();
                await host.StartAsync();
                await host.Services.GetRequiredService<IDatabase>().PingAsync();
                await host.StopAsync();
            });
            Assert.NotNull(error);
            capture.Add(error.ToString());
        }
        Assert_no_secret(capture, $"{kind} host validation");
    }

    private static string Redacted(string url) => url.Replace(Password, "***", StringComparison.Ordinal);
}
