namespace Strata.Cli.Shell;

/// <summary>
/// The console's history, kept across runs in a file: <c>STRATA_HISTORY_FILE</c>, or <c>~/.strata_history</c>. One entry per line
/// (a multi-line statement is kept on one line); the last 1,000 are kept.
/// </summary>
internal sealed class ShellHistory
{
    private const int Limit = 1000;
    private readonly string? _file;
    private readonly List<string> _entries = [];

    public ShellHistory(string? file)
    {
        _file = file;
        if (file is null || !File.Exists(file)) return;
        try
        {
            _entries.AddRange(File.ReadLines(file).Where(l => l.Length > 0).TakeLast(Limit));
        }
        catch (IOException)
        {
            // A history that cannot be read starts empty; the console works without it.
        }
    }

    public IReadOnlyList<string> Entries => _entries;

    public static string? DefaultFile(CliEnvironment environment) =>
        environment.GetVariable("STRATA_HISTORY_FILE") is { Length: > 0 } file ? file
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".strata_history")
        : null;

    public void Add(string entry)
    {
        var line = string.Join(' ', entry.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line)) return;
        _entries.Add(line);
        if (_entries.Count > Limit) _entries.RemoveAt(0);
        if (_file is null) return;
        try
        {
            File.AppendAllLines(_file, [line]);
        }
        catch (IOException)
        {
            // Not being able to save history is no reason to stop the console.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
