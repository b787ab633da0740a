using System.CommandLine;
using Spectre.Console;
using Strata.Cli.Configuration;

namespace Strata.Cli;

/// <summary>What a command works with: its parsed command line, the output, the chosen database and the user's answers.</summary>
internal sealed class CliContext(ParseResult parse, CliOptions options, CliEnvironment environment, CliOutput output, CliCommand command, Interrupts interrupts) : IAsyncDisposable
{
    private readonly List<Database> _opened = [];
    private DatabaseTarget? _target;

    public ParseResult Parse { get; } = parse;

    public CliOptions Options { get; } = options;

    public CliEnvironment Environment { get; } = environment;

    public CliOutput Output { get; } = output;

    /// <summary>Ctrl+C: cancels the command unless the command takes it over.</summary>
    public Interrupts Interrupts { get; } = interrupts;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>The database the command line, configuration or environment chooses (see <see cref="TargetResolver"/>).</summary>
    public DatabaseTarget Target => _target ??= new TargetResolver(Environment).Resolve(Get(Options.Url), Get(Options.Database), Get(Options.Config));

    /// <summary>Opens the target, with the migrations, modules and seeds the command line adds when the command reads them; closed with the context.</summary>
    /// <param name="cancellationToken">Cancels building the project.</param>
    /// <param name="filesOnly">The command only reads files (writing a new migration): without a configured database, an in-memory SQLite one stands in.</param>
    public async Task<Database> OpenAsync(CancellationToken cancellationToken, bool filesOnly = false)
    {
        DatabaseOptions options;
        try
        {
            options = Target.Options;
        }
        catch (UsageException) when (filesOnly)
        {
            _target = new DatabaseTarget(new DatabaseOptions { Url = "sqlite::memory:" }, "no database configured: files only", null, null, []);
            options = _target.Options;
        }
        if (command.UsesSources) await new SourceLoader(Environment, Output).ApplyAsync(options, Parse, Options, cancellationToken).ConfigureAwait(false);
        Output.Detail($"Database: {Target.DisplayUrl} (from {Target.Source})");
        var database = Database.Open(options);
        _opened.Add(database);
        return database;
    }

    /// <summary>
    /// Checks that a destructive command may go on: a target marked production needs <c>--force</c>; elsewhere a person at a
    /// terminal is asked first, and a script goes on.
    /// </summary>
    public void ConfirmDestructive(string what, bool force)
    {
        if (force) return;
        if (Target.IsProduction)
            throw new CliFailure($"{Target.DisplayUrl} is marked as Production (environment from {(Target.Name is null ? "the environment variables" : "its configuration")}): refusing to {what} without --force.");
        if (!Environment.InputIsTerminal || !Environment.OutputIsTerminal) return;
        if (!Output.Console.Confirm($"This will {Markup.Escape(what)} on [bold]{Markup.Escape(Target.DisplayUrl)}[/]. Go on?", defaultValue: false))
            throw new CliFailure("Nothing was changed: not confirmed.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened) await database.DisposeAsync().ConfigureAwait(false);
    }
}
