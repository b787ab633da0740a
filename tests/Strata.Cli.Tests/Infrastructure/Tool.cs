using System.Diagnostics;
using System.Text.Json;
using Strata.Cli;

namespace Strata.Cli.Tests.Infrastructure;

/// <summary>What a run of the tool left: its exit code and its two streams.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the strata tool: as a real process (the built Strata.Cli.dll under dotnet, with no DATABASE_* variables of the test
/// process), or in-process through <see cref="CliApp"/> with the same streams, which is faster.
/// </summary>
public static class Tool
{
    /// <summary>The tool's dll, built beside the tests in the same configuration.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "Strata.Cli.dll");

    public static async Task<CliResult> ProcessAsync(string folder, string? input, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DATABASE_", StringComparison.Ordinal) || k.EndsWith("_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["STRATA_HISTORY_FILE"] = Path.Combine(folder, ".history");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> ProcessAsync(string folder, params string[] args) => ProcessAsync(folder, null, null, args);

    public static async Task<CliResult> RunAsync(string folder, string? input, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = environment ?? new Dictionary<string, string>();
        var code = await CliApp.RunAsync(args, new CliEnvironment
        {
            In = new StringReader(input ?? ""),
            Out = output,
            Error = error,
            CurrentDirectory = folder,
            GetVariable = name => variables.TryGetValue(name, out var value) ? value : null,
        });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(string folder, params string[] args) => RunAsync(folder, null, null, args);

    /// <summary>A new empty working folder, deleted when the test process exits.</summary>
    public static string Folder()
    {
        var folder = Directory.CreateTempSubdirectory("strata-cli-").FullName;
        Folders.Add(folder);
        return folder;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Folders = Watch();

    private static System.Collections.Concurrent.ConcurrentBag<string> Watch()
    {
        var folders = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var folder in folders)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A folder a killed tool process still holds open; the system's temporary-file cleaning takes it later.
                }
            }
        };
        return folders;
    }
}
