namespace Strata.Cli;

/// <summary>
/// Ctrl+C for one run: by default it cancels the command (a second one ends the process); a command such as the console
/// takes it over to cancel only what is running.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _command = new();
    private Func<bool>? _handler;

    /// <summary>Cancelled by Ctrl+C unless a handler took it.</summary>
    public CancellationToken Token => _command.Token;

    /// <summary>Routes Ctrl+C to <paramref name="handler"/> until disposed; it returns true when it handled the key.</summary>
    public IDisposable Take(Func<bool> handler)
    {
        _handler = handler;
        return new Release(this);
    }

    /// <summary>Called on Ctrl+C; true when the process should stay alive.</summary>
    public bool Interrupt()
    {
        if (_handler?.Invoke() == true) return true;
        if (_command.IsCancellationRequested) return false;
        _command.Cancel();
        return true;
    }

    public void Dispose() => _command.Dispose();

    private sealed class Release(Interrupts owner) : IDisposable
    {
        public void Dispose() => owner._handler = null;
    }
}
