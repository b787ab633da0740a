namespace Strata.Cli.Shell;

/// <summary>Where the console's lines come from: the line editor on a terminal, plain lines from a pipe.</summary>
internal interface IShellInput
{
    /// <summary>The next line; null at the end of input. <paramref name="interrupted"/> is true when Ctrl+C abandoned the line.</summary>
    string? ReadLine(string prompt, out bool interrupted);

    /// <summary>Keeps a finished statement for the history.</summary>
    void Remember(string entry);
}

/// <summary>Lines from standard input when it is not a terminal (a script piped in): no prompt, no history.</summary>
internal sealed class PlainInput(TextReader reader) : IShellInput
{
    public string? ReadLine(string prompt, out bool interrupted)
    {
        interrupted = false;
        return reader.ReadLine();
    }

    public void Remember(string entry)
    {
    }
}
