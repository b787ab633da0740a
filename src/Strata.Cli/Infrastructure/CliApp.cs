using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using Spectre.Console;

namespace Strata.Cli;

/// <summary>
/// Builds the <c>strata</c> command tree from every <see cref="CliCommand"/> in this assembly, parses the command line and runs
/// the command, turning every failure into one line on standard error and an exit code (0 done, 1 failed, 2 bad usage).
/// </summary>
internal static class CliApp
{
    /// <summary>The groups commands live in; a command whose path starts with another word gets a group described plainly.</summary>
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["migrate"] = "Create, apply, roll back and inspect migrations.",
        ["modules"] = "Schema modules: folders that bring their own schema, initial data and migrations.",
        ["seed"] = "Seed data: run the seeders of an environment, or start a new one.",
        ["db"] = "Work with the database itself: console, queries, emptying, resetting, code from its schema.",
        ["generate"] = "Write skeletons of migrations, models, repositories and seeders.",
    };

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        var options = new CliOptions();
        var (root, commands) = Build(options);
        var parse = root.Parse(args);
        var json = parse.GetValue(options.Json);
        var output = new CliOutput(environment, json, parse.GetValue(options.Quiet), parse.GetValue(options.Verbose));

        if (parse.Errors.Count > 0 && parse.Action is not HelpWithExamples)
        {
            output.Error(UsageMessage(parse));
            output.Errors.MarkupLine($"[grey]Run '{Markup.Escape(CommandLine(parse.CommandResult.Command))} --help' for its usage.[/]");
            return ExitCodes.Usage;
        }

        using var interrupts = new Interrupts();
        ConsoleCancelEventHandler? onCancel = null;
        if (environment.HandlesCtrlC)
        {
            onCancel = (_, e) => e.Cancel = interrupts.Interrupt();
            Console.CancelKeyPress += onCancel;
        }
        try
        {
            if (commands.TryGetValue(parse.CommandResult.Command, out var command) && ReferenceEquals(parse.Action, parse.CommandResult.Command.Action))
            {
                var context = new CliContext(parse, options, environment, output, command, interrupts);
                await using (context.ConfigureAwait(false))
                    return await command.ExecuteAsync(context, interrupts.Token).ConfigureAwait(false);
            }
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false, Output = environment.Out, Error = environment.Error, ProcessTerminationTimeout = null,
            }, interrupts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e, output);
        }
        finally
        {
            if (onCancel is not null) Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The root command with every command found in this assembly, and the command object behind each.</summary>
    internal static (RootCommand Root, Dictionary<Command, CliCommand> Commands) Build(CliOptions options)
    {
        var root = new RootCommand("strata: migrations, seeds, an SQL console, health and code generation for SQLite, PostgreSQL and MySQL/MariaDB databases.");
        foreach (var option in options.Global) root.Options.Add(option);
        var examples = new Dictionary<Command, IReadOnlyList<string>>();
        var commands = new Dictionary<Command, CliCommand>();
        var found = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(CliCommand)))
            .Select(t => (CliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Path, StringComparer.Ordinal);
        foreach (var cli in found)
        {
            var words = cli.Path.Split(' ');
            Command parent = root;
            foreach (var word in words[..^1]) parent = Group(parent, word);
            var command = new Command(words[^1], cli.Description);
            cli.Configure(command);
            if (cli.UsesSources)
            {
                foreach (var option in options.Sources) command.Options.Add(option);
            }
            command.SetAction(_ => ExitCodes.Success);   // replaced by the app's own invocation; marks the command runnable
            parent.Subcommands.Add(command);
            commands[command] = cli;
            examples[command] = cli.Examples;
        }
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction action) help.Action = new HelpWithExamples(action, examples);
        return (root, commands);
    }

    private static Command Group(Command parent, string word)
    {
        if (parent.Subcommands.FirstOrDefault(c => c.Name == word) is { } existing) return existing;
        var group = new Command(word, Groups.GetValueOrDefault(word, $"The {word} commands."));
        parent.Subcommands.Add(group);
        return group;
    }

    private static string CommandLine(Command command) =>
        string.Join(' ', Ancestors(command).Reverse().Select(c => c is RootCommand ? "strata" : c.Name));

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault()) yield return c;
    }

    private static string UsageMessage(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var first = (parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0]).Message;
        if (command.Subcommands.Count > 0 && command.Action is null && parse.UnmatchedTokens.Count == 0)
            return $"'{CommandLine(command)}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}.";
        return first;
    }

    private static int Report(Exception e, CliOutput output)
    {
        switch (e)
        {
            case UsageException:
                output.Error(e.Message);
                return ExitCodes.Usage;
            case OperationCanceledException:
                output.Error("Cancelled.");
                return ExitCodes.Failure;
            case CliFailure or DatabaseException or DatabaseConfigurationException or IOException or UnauthorizedAccessException
                or InvalidOperationException or ArgumentException or NotSupportedException or System.Text.Json.JsonException:
                output.Error(e.Message);
                break;
            case TargetInvocationException { InnerException: { } inner }:
                return Report(inner, output);
            default:
                output.Error($"{e.GetType().Name}: {e.Message} (run again with --verbose for the stack trace)");
                break;
        }
        if (output.Verbose) output.Errors.WriteLine(e.ToString());
        return ExitCodes.Failure;
    }
}
