using System.ComponentModel;
using System.Diagnostics;

namespace Strata.Transfer;

/// <summary>
/// A same-engine backup through the database's own tool (pg_dump/pg_restore, mariadb-dump/mariadb, SQLite's online backup
/// API), which a provider offers through <see cref="Providers.DatabaseProvider.CreateNativeBackup"/>. Passwords reach the
/// tools through the environment or a temporary option file, never their command line.
/// </summary>
public abstract class NativeBackup
{
    /// <summary>Writes a backup of the whole database into <paramref name="file"/> (replaced when it exists).</summary>
    /// <param name="file">The backup file.</param>
    /// <param name="cancellationToken">Kills the tool.</param>
    /// <exception cref="NativeToolException">The tool is not installed or failed (its error output in the message).</exception>
    public abstract Task BackupAsync(string file, CancellationToken cancellationToken);

    /// <summary>Loads a backup <see cref="BackupAsync"/> wrote into the database, replacing the objects it holds.</summary>
    /// <param name="file">The backup file.</param>
    /// <param name="cancellationToken">Kills the tool.</param>
    /// <exception cref="NativeToolException">The tool is not installed or failed.</exception>
    public abstract Task RestoreAsync(string file, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="tool"/> to its end, with standard input from <paramref name="input"/> when given.</summary>
    /// <exception cref="NativeToolException">The tool is not on the PATH, or exits with an error.</exception>
    protected static async Task RunAsync(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new NativeToolException(tool, $"{tool} could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new NativeToolException(tool, $"{tool} is not installed (or not on the PATH); install the database's client tools, or use the portable 'strata db dump'.", e);
        }
        using (process)
        {
            try
            {
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                if (input is not null)
                {
                    await using (var file = File.OpenRead(input))
                        await file.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var text = (await error.ConfigureAwait(false)).Trim();
                await output.ConfigureAwait(false);
                if (process.ExitCode != 0)
                    throw new NativeToolException(tool, $"{tool} failed with exit code {process.ExitCode}: {(text.Length == 0 ? "(no message)" : text)}");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }
}
