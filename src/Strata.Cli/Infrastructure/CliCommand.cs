using System.CommandLine;

namespace Strata.Cli;

/// <summary>
/// One command of the tool, in a file of its own under <c>Commands/</c>. The app finds every concrete subclass, creates the
/// groups on its <see cref="Path"/> (<c>"migrate up"</c> lives in the <c>migrate</c> group), adds the shared options, and
/// calls <see cref="ExecuteAsync"/> with a context that resolves the database, writes output and asks for confirmation.
/// </summary>
internal abstract class CliCommand
{
    /// <summary>The words that invoke it, space-separated: <c>"db console"</c>.</summary>
    public abstract string Path { get; }

    /// <summary>One sentence for the help.</summary>
    public abstract string Description { get; }

    /// <summary>Command lines shown under "Examples" in the help, without the leading <c>strata</c>.</summary>
    public abstract IReadOnlyList<string> Examples { get; }

    /// <summary>It reads migrations, modules or seeds: <c>--migrations</c>, <c>--modules</c>, <c>--seeds</c> and <c>--assembly</c> apply.</summary>
    public virtual bool UsesSources => false;

    /// <summary>Adds its own arguments and options.</summary>
    public virtual void Configure(Command command)
    {
    }

    /// <summary>Does the work; returns the exit code. Throws <see cref="UsageException"/> or <see cref="CliFailure"/> for the app to report.</summary>
    public abstract Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken);
}
