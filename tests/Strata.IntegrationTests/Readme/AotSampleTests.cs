using System.Diagnostics;
using System.Text;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Readme;

/// <summary>
/// The native AOT sample (<c>samples/AotApp</c>) as a user publishes it: <c>dotnet publish</c> with <c>PublishAot</c>, where any
/// trimming or AOT warning fails the publish, then the binary run on a new database of each kind. The sample checks its own
/// results (class, record and tuple rows, a builder query, a repository, a wrapper type) and says whether the generated mappers ran.
/// </summary>
public class AotSampleTests
{
    [Fact]
    public async Task The_native_AOT_sample_publishes_without_warnings_and_passes_its_checks_on_every_database()
    {
        var output = Directory.CreateTempSubdirectory("strata-aot-sample-").FullName;
        try
        {
            var project = Path.Combine(RepositoryRoot(), "samples", "AotApp", "AotApp.csproj");
            var (published, log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo"], TimeSpan.FromMinutes(10));
            Assert.True(published == 0,
                $"dotnet publish of the native AOT sample failed (exit {published}); it needs clang and zlib1g-dev, which scripts/services.sh installs:\n{log}");
            Assert.DoesNotMatch(@"warning IL\d{4}", log);

            foreach (var db in new[] { Db.Sqlite, Db.Postgres, Db.MariaDb })
            {
                await using var scratch = await ScratchDatabase.CreateAsync(db);
                var (exit, printed) = await RunAsync(Path.Combine(output, "AotApp"), [scratch.Url], TimeSpan.FromMinutes(2));
                Assert.True(exit == 0 && printed.Contains("all checks passed", StringComparison.Ordinal), $"The AOT sample on {db} exited with {exit}:\n{printed}");
                Assert.Contains("Without dynamic code (native AOT)", printed, StringComparison.Ordinal);
                Assert.Contains("generated mappers: Book True, BookTitle True, tuple True, Book accessor True", printed, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var text = new StringBuilder();
        var lines = new object();
        process.OutputDataReceived += (_, e) => { lock (lines) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (lines) text.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {timeout}:\n{text}");
        }
        process.WaitForExit();
        lock (lines) return (process.ExitCode, text.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Strata.slnx above {AppContext.BaseDirectory}.");
    }
}
