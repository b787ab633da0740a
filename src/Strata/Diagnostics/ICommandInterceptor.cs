namespace Strata.Diagnostics;

/// <summary>
/// Hooks around every command Strata sends, raw or built: observe it, rewrite its text or
/// parameters before it runs, or react to its outcome. Every method has a no-op default.
/// </summary>
/// <remarks>Called concurrently from many commands: implementations must be thread-safe.</remarks>
public interface ICommandInterceptor
{
    /// <summary>Before the command runs; may change <see cref="CommandContext.Command"/>'s text and parameters.</summary>
    /// <param name="context">The command about to run.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken) => default;

    /// <summary>After the command ran (for readers: once the reader is open).</summary>
    /// <param name="context">The command, with <see cref="CommandContext.Elapsed"/> set.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask AfterExecuteAsync(CommandContext context, CancellationToken cancellationToken) => default;

    /// <summary>After the command failed; <see cref="CommandContext.Exception"/> is the translated error.</summary>
    /// <param name="context">The command, with <see cref="CommandContext.Elapsed"/> and <see cref="CommandContext.Exception"/> set.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask FailedAsync(CommandContext context, CancellationToken cancellationToken) => default;
}
