namespace Strata.Cli;

/// <summary>
/// What a run of the tool talks to: its streams, working folder and environment variables. The process's own for the real
/// tool; writers and a fixed folder for tests that run it in-process.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required string CurrentDirectory { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>Standard input is a keyboard: prompts and the line editor are possible.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Standard output is a terminal: colours, spinners and tables sized to it.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Receives Ctrl+C from the terminal (the real process only).</summary>
    public bool HandlesCtrlC { get; init; }

    /// <summary>
    /// Applied to the options of every database a command opens, last: lets a test that runs the tool in-process add an
    /// interceptor (to fail a chosen command). Null for the real tool.
    /// </summary>
    public Action<DatabaseOptions>? ConfigureDatabase { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        In = Console.In,
        Out = Console.Out,
        Error = Console.Error,
        CurrentDirectory = Directory.GetCurrentDirectory(),
        GetVariable = Environment.GetEnvironmentVariable,
        InputIsTerminal = !Console.IsInputRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        HandlesCtrlC = true,
    };

    /// <summary>A path given on the command line, resolved against the working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
