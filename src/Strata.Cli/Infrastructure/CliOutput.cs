using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Strata.Cli;

/// <summary>
/// Where commands write: results on standard output (Spectre tables, or JSON with <c>--json</c>), messages and errors on
/// standard error. Colours, spinners and terminal-sized tables only on a terminal; <c>--quiet</c> leaves only results and
/// errors; <c>--verbose</c> adds detail.
/// </summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly CliEnvironment _environment;
    private readonly bool _errorsAreTerminal;

    public CliOutput(CliEnvironment environment, bool json, bool quiet, bool verbose)
    {
        _environment = environment;
        Json = json;
        Quiet = quiet;
        Verbose = verbose;
        Console = Create(environment.Out, environment.OutputIsTerminal);
        _errorsAreTerminal = environment.OutputIsTerminal && environment.HandlesCtrlC;
        Errors = Create(environment.Error, _errorsAreTerminal);
    }

    /// <summary>Standard output.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error.</summary>
    public IAnsiConsole Errors { get; }

    public bool Json { get; }

    public bool Quiet { get; }

    public bool Verbose { get; }

    public bool IsTerminal => _environment.OutputIsTerminal;

    /// <summary>A result (a table, a panel): always shown unless the output is JSON.</summary>
    public void Write(IRenderable renderable)
    {
        if (!Json) Console.Write(renderable);
    }

    /// <summary>A line of result text (markup): always shown unless the output is JSON.</summary>
    public void Line(string markup)
    {
        if (!Json) Console.MarkupLine(markup);
    }

    /// <summary>A message about what happened, on standard error; left out with <c>--quiet</c>.</summary>
    public void Info(string markup)
    {
        if (!Quiet) Errors.MarkupLine(markup);
    }

    /// <summary>What went well, with a tick; left out with <c>--quiet</c>.</summary>
    public void Done(string text) => Info($"[green]✓[/] {Markup.Escape(text)}");

    /// <summary>A warning on standard error.</summary>
    public void Warn(string text) => Errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(text)}");

    /// <summary>The one line a failure is reported in.</summary>
    public void Error(string text)
    {
        // Piped, it stays one line however long (a script reads the failure from it); Spectre would wrap it at the width.
        if (_errorsAreTerminal) Errors.MarkupLine($"[red]error:[/] {Markup.Escape(text)}");
        else _environment.Error.WriteLine("error: " + text.ReplaceLineEndings(" "));
    }

    /// <summary>Detail shown only with <c>--verbose</c>.</summary>
    public void Detail(string text)
    {
        if (Verbose) Errors.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON on standard output.</summary>
    public void WriteJson<T>(T value) => _environment.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Runs <paramref name="work"/> behind a spinner on a terminal, plainly elsewhere.</summary>
    public async Task<T> StatusAsync<T>(string text, Func<Task<T>> work)
    {
        if (!IsTerminal || Json || Quiet) return await work().ConfigureAwait(false);
        return await Errors.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(text), _ => work()).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> behind a spinner on a terminal, plainly elsewhere.</summary>
    public Task StatusAsync(string text, Func<Task> work) => StatusAsync(text, async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    });

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Piped output is read by scripts and people alike: wide enough that tables do not wrap their cells.
        if (!terminal) console.Profile.Width = 240;
        return console;
    }
}
