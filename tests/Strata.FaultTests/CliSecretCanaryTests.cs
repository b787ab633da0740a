using Strata.FaultTests.Infrastructure;
using Strata.Cli;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests;

/// <summary>
/// The strata tool, run in-process, fails to reach a database whose URL carries a distinctive password (in DATABASE_URL, on
/// the command line, in strata.json): neither its output, its errors nor any file it writes may show the password.
/// </summary>
public class CliSecretCanaryTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const string Password = "CliCanary3pw6Rt8Yn";

    [Theory, ServerDatabases]
    public async Task The_tool_never_shows_a_password_in_output_errors_or_files(Db kind)
    {
        var scheme = kind == Db.Postgres ? "postgres" : "mariadb";
        var port = kind == Db.Postgres ? 5432 : 3306;
        var url = $"{scheme}://strata:{Password}@127.0.0.1:{port}/strata_test?connect_timeout=2";
        var folder = Directory.CreateTempSubdirectory("strata-fault-cli-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "strata.json"),
                $$"""{ "ConnectionStrings": { "main": "{{url}}", "bad": "{{scheme}}://strata:{{Password}}@127.0.0.1:notaport/x" } }""");
            var seen = new List<string>();
            var environment = new Dictionary<string, string> { ["DATABASE_URL"] = url };
            foreach (var args in new[]
            {
                new[] { "config" }, ["config", "--database", "main"], ["config", "--database", "bad"], ["health"], ["health", "--database", "main"],
                ["migrate", "status", "--no-build"], ["migrate", "up", "--no-build"], ["migrate", "status", "--url", url, "--no-build"],
                ["db", "query", "SELECT 1", "--url", url], ["db", "introspect", "--database", "main"], ["stats", "--database", "main"],
                ["migrate", "status", "--url", url.Replace("127.0.0.1", "strata-no-such-host.invalid", StringComparison.Ordinal), "--no-build"],
            })
            {
                var (code, output, error) = await InProcessTool.RunAsync(folder, args, environment);
                var shown = $"strata {string.Join(' ', args).Replace(Password, "***", StringComparison.Ordinal)} (exit {code})";
                seen.Add(shown);
                log.WriteLine($"{shown}: {error.Split('\n')[0]}");
                foreach (var (stream, text) in new[] { ("output", output), ("errors", error) })
                {
                    var at = text.IndexOf(Password, StringComparison.Ordinal);
                    if (at >= 0) throw new Xunit.Sdk.XunitException($"{shown}: the password appears in its {stream}: …{text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 40)]}…");
                }
            }
            // The failures are the point: every command that needs the server must have failed to reach it.
            Assert.True(seen.Count(s => !s.EndsWith("(exit 0)", StringComparison.Ordinal)) >= 9, string.Join("; ", seen));
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "strata.json"))
                Assert.False((await File.ReadAllTextAsync(file)).Contains(Password, StringComparison.Ordinal), $"{file} holds the password after: {string.Join("; ", seen)}");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
