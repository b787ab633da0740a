using Strata.Cli;

namespace Strata.FaultTests.Infrastructure;

/// <summary>The strata tool run in-process with no input, its output and errors captured.</summary>
internal static class InProcessTool
{
    /// <summary>Runs the tool in <paramref name="folder"/>; <paramref name="variables"/> answer its environment lookups (none when null).</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string folder, string[] args,
        IReadOnlyDictionary<string, string>? variables = null, Action<DatabaseOptions>? configureDatabase = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliEnvironment
        {
            In = new StringReader(""),
            Out = output,
            Error = error,
            CurrentDirectory = folder,
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            ConfigureDatabase = configureDatabase,
        });
        return (code, output.ToString(), error.ToString());
    }
}
