using System.CommandLine;
using Spectre.Console;
using Strata.Cli.Configuration;
using Strata.KeyValue;

namespace Strata.Cli;

/// <summary>What a command works with: its parsed command line, the output, the chosen database and the user's answers.</summary>
internal sealed class CliContext(ParseResult parse, CliOptions options, CliEnvironment environment, CliOutput output, CliCommand command, Interrupts interrupts) : IAsyncDisposable
{
    private readonly List<Database> _opened = [];
    private readonly List<KeyValueStore> _stores = [];
    private DatabaseTarget? _target;
    private KeyValueTarget? _keyValueTarget;
    private bool _keyValueResolved;

    public ParseResult Parse { get; } = parse;

    public CliOptions Options { get; } = options;

    public CliEnvironment Environment { get; } = environment;

    public CliOutput Output { get; } = output;

    /// <summary>Ctrl+C: cancels the command unless the command takes it over.</summary>
    public Interrupts Interrupts { get; } = interrupts;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>The database the command line, configuration or environment chooses (see <see cref="TargetResolver"/>).</summary>
    /// <exception cref="UsageException">The command line names a key-value store, which only the migrate commands that know one handle.</exception>
    public DatabaseTarget Target
    {
        get
        {
            if (_target is null)
            {
                ThrowIfKeyValue();
                _target = new TargetResolver(Environment).Resolve(Get(Options.Url), Get(Options.Database), Get(Options.Config));
            }
            return _target;
        }
    }

    /// <summary>The key-value store the command line names (see <see cref="TargetResolver.ResolveKeyValue"/>), or null when it names a SQL database.</summary>
    public KeyValueTarget? KeyValueTarget
    {
        get
        {
            if (!_keyValueResolved)
            {
                _keyValueTarget = new TargetResolver(Environment).ResolveKeyValue(Get(Options.Url), Get(Options.Database), Get(Options.Config));
                _keyValueResolved = true;
            }
            return _keyValueTarget;
        }
    }

    /// <summary>Opens the key-value store <paramref name="target"/>, with the C# migrations of <c>--assembly</c> or the project in the current folder; closed with the context.</summary>
    /// <param name="target">The store.</param>
    /// <param name="cancellationToken">Cancels building the project.</param>
    public async Task<KeyValueStore> OpenKeyValueAsync(KeyValueTarget target, CancellationToken cancellationToken)
    {
        var assembly = await new SourceLoader(Environment, Output).KeyValueAssemblyAsync(Parse, Options, cancellationToken).ConfigureAwait(false);
        Output.Detail($"Key-value store: {target.DisplayUrl} (from {target.Source})");
        var store = KeyValueStore.Open(target.Options with { MigrationAssemblies = assembly is null ? [] : [assembly] });
        _stores.Add(store);
        return store;
    }

    /// <summary>Opens the target, with the migrations, modules and seeds the command line adds when the command reads them; closed with the context.</summary>
    /// <param name="cancellationToken">Cancels building the project.</param>
    /// <param name="filesOnly">The command only reads files (writing a new migration): without a configured database, an in-memory SQLite one stands in.</param>
    public async Task<Database> OpenAsync(CancellationToken cancellationToken, bool filesOnly = false)
    {
        ThrowIfKeyValue();
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
        Environment.ConfigureDatabase?.Invoke(options);
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

    private void ThrowIfKeyValue()
    {
        if (KeyValueTarget is { } store)
            throw new UsageException($"{store.DisplayUrl} (from {store.Source}) is a key-value store: of the strata commands, migrate up, down, status and plan work with one.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened) await database.DisposeAsync().ConfigureAwait(false);
        foreach (var store in _stores) await store.DisposeAsync().ConfigureAwait(false);
    }
}
