using System.Text;

namespace Strata.Cli.Shell;

/// <summary>
/// A small line editor over <see cref="Console"/> for the interactive console: arrows, Home/End, Backspace/Delete, history with
/// Up/Down, Ctrl+A/E/U/K/W, Ctrl+C to abandon the line, Ctrl+D on an empty line to quit.
/// </summary>
internal sealed class LineEditor(ShellHistory history) : IShellInput
{
    public void Remember(string entry) => history.Add(entry);

    public string? ReadLine(string prompt, out bool interrupted)
    {
        interrupted = false;
        var line = new StringBuilder();
        var position = 0;
        var browsing = history.Entries.Count;
        var draft = "";
        Console.Write(prompt);
        var previous = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        Console.WriteLine();
                        return line.ToString();
                    case ConsoleKey.C when control:
                        Console.WriteLine("^C");
                        interrupted = true;
                        return "";
                    case ConsoleKey.D when control:
                        if (line.Length > 0) break;
                        Console.WriteLine();
                        return null;
                    case ConsoleKey.Backspace when position > 0:
                        line.Remove(--position, 1);
                        break;
                    case ConsoleKey.Delete when position < line.Length:
                        line.Remove(position, 1);
                        break;
                    case ConsoleKey.LeftArrow when position > 0:
                        position--;
                        break;
                    case ConsoleKey.RightArrow when position < line.Length:
                        position++;
                        break;
                    case ConsoleKey.Home:
                    case ConsoleKey.A when control:
                        position = 0;
                        break;
                    case ConsoleKey.End:
                    case ConsoleKey.E when control:
                        position = line.Length;
                        break;
                    case ConsoleKey.U when control:
                        line.Remove(0, position);
                        position = 0;
                        break;
                    case ConsoleKey.K when control:
                        line.Length = position;
                        break;
                    case ConsoleKey.W when control:
                        var start = position;
                        while (start > 0 && line[start - 1] == ' ') start--;
                        while (start > 0 && line[start - 1] != ' ') start--;
                        line.Remove(start, position - start);
                        position = start;
                        break;
                    case ConsoleKey.UpArrow when browsing > 0:
                        if (browsing == history.Entries.Count) draft = line.ToString();
                        Replace(line, history.Entries[--browsing], ref position);
                        break;
                    case ConsoleKey.DownArrow when browsing < history.Entries.Count:
                        browsing++;
                        Replace(line, browsing == history.Entries.Count ? draft : history.Entries[browsing], ref position);
                        break;
                    default:
                        if (key.KeyChar != '\0' && !char.IsControl(key.KeyChar)) line.Insert(position++, key.KeyChar);
                        break;
                }
                Redraw(prompt, line, position);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = previous;
        }
    }

    private static void Replace(StringBuilder line, string text, ref int position)
    {
        line.Clear().Append(text);
        position = line.Length;
    }

    private static void Redraw(string prompt, StringBuilder line, int position)
    {
        // Back to the start of the line, rewrite it, clear what is left of the old one, and put the cursor in place.
        var text = new StringBuilder().Append('\r').Append(prompt).Append(line).Append("\u001b[K");
        if (position < line.Length) text.Append("\u001b[").Append(line.Length - position).Append('D');
        Console.Write(text.ToString());
    }
}
