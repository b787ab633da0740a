using Strata.Providers;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary>Finds the engine's own backup tool for the command's database (see <see cref="DatabaseProvider.CreateNativeBackup"/>).</summary>
internal static class NativeBackups
{
    public static async Task<NativeBackup> ForAsync(CliContext context, CancellationToken cancellationToken)
    {
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return DatabaseProviders.Find(database.Settings.Scheme).CreateNativeBackup(database.Settings)
                ?? throw new CliFailure($"The {database.Dialect.Name} provider has no native backup tool; use the portable 'strata db dump'.");
        }
        catch (DatabaseConfigurationException e)
        {
            throw new CliFailure(e.Message, e);
        }
    }

    /// <summary>Runs the tool, turning its failure (or its absence) into the command's error.</summary>
    public static async Task RunAsync(Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (NativeToolException e)
        {
            throw new CliFailure(e.Message, e);
        }
    }
}
