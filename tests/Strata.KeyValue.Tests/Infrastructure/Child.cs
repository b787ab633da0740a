using System.Diagnostics;

namespace Strata.KeyValue.Tests.Infrastructure;

/// <summary>Starts Strata.KeyValue.TestHost (built beside this project) as a process of its own.</summary>
public static class Child
{
    /// <summary>The user id child processes run as when they must not be root (<c>nobody</c>).</summary>
    public const int Nobody = 65534;

    /// <summary>
    /// Starts the test host with <paramref name="command"/> on <paramref name="directory"/>. With <paramref name="asNonRoot"/>,
    /// it runs as the user <c>nobody</c> when this process is root (through <c>setpriv</c>, which root may use to drop its
    /// privileges), so that file permissions apply to it; a test process that is not root already runs it as itself.
    /// </summary>
    public static Process Start(string command, string directory, bool asNonRoot = false)
    {
        ProcessStartInfo info;
        if (asNonRoot && Environment.IsPrivilegedProcess)
        {
            info = new ProcessStartInfo("setpriv");
            foreach (var arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", "dotnet" }) info.ArgumentList.Add(arg);
            // nobody's home does not exist: give the .NET host a writable one.
            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }
        else
        {
            info = new ProcessStartInfo("dotnet");
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.ArgumentList.Add(HostPath());
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(directory);
        return Process.Start(info) ?? throw new InvalidOperationException("The test host did not start.");
    }

    /// <summary>Runs the host to its end and returns what it printed.</summary>
    public static async Task<string> RunAsync(string command, string directory, bool asNonRoot = false)
    {
        using var process = Start(command, directory, asNonRoot);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"The test host failed ({process.ExitCode}): {error}{output}");
        return output;
    }

    /// <summary>Reads lines until one equals <paramref name="expected"/>.</summary>
    public static async Task WaitForLineAsync(Process process, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == expected) return;
        }
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The test host ended before printing '{expected}': {error}");
    }

    private static string HostPath()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var tests = Path.GetFullPath(Path.Combine(here, "..", "..", "..", ".."));
        var path = Path.Combine(tests, "Strata.KeyValue.TestHost", "bin", configuration, framework, "Strata.KeyValue.TestHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The test host was not built at {path}: build the test project first.", path);
    }
}
