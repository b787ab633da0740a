using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Strata.Hosting;

/// <summary>
/// Applies pending migrations and module schemas at start to the databases set to auto-migrate (each under its
/// migration lock, so several instances starting at once apply them once), and closes every database at stop.
/// </summary>
/// <remarks>A failed migration stops the host from starting; the error says which migration and why.</remarks>
internal sealed partial class StrataHostedService(
    DatabaseManager databases, StrataRegistry registry, IOptions<StrataOptions> options, ILogger<StrataHostedService>? logger = null) : IHostedService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registry.Names.Where(n => registry.ShouldAutoMigrate(n, options.Value)))
        {
            var database = databases.Get(name);
            var result = await database.Migrator.UpAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Steps.Count > 0) LogMigrated(name, result.Steps.Count, string.Join(", ", result.Steps.Select(s => s.Migration.ToString())));
            else LogUpToDate(name);
            foreach (var module in await database.Schemas.ApplyAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                LogModule(name, module.Module.ToString(), module.State.ToString());
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await databases.CloseAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        LogClosed(databases.Names.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Database '{Database}': applied {Count} migration(s): {Migrations}")]
    private partial void LogMigrated(string database, int count, string migrations);

    [LoggerMessage(2, LogLevel.Information, "Database '{Database}': migrations up to date")]
    private partial void LogUpToDate(string database);

    [LoggerMessage(3, LogLevel.Information, "Database '{Database}': module {Module} {State}")]
    private partial void LogModule(string database, string module, string state);

    [LoggerMessage(4, LogLevel.Debug, "Closed the databases ({Count} configured)")]
    private partial void LogClosed(int count);
}
