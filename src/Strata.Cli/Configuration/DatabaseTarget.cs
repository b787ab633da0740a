namespace Strata.Cli.Configuration;

/// <summary>The database a command works on, where its settings came from, and the environment it serves.</summary>
/// <param name="Options">Its options (URL, pool, folders from configuration).</param>
/// <param name="Source">Where the URL came from, for <c>strata config</c> and messages: <c>--url</c>, <c>ConnectionStrings:main in strata.json</c>, <c>DATABASE_URL</c>.</param>
/// <param name="Name">Its name in configuration, or null.</param>
/// <param name="Environment">The environment it serves (configuration's <c>Environment</c>, else <c>STRATA_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c>, <c>ASPNETCORE_ENVIRONMENT</c>), or null.</param>
/// <param name="Files">The configuration files read, in order; empty when none.</param>
internal sealed record DatabaseTarget(DatabaseOptions Options, string Source, string? Name, string? Environment, IReadOnlyList<string> Files)
{
    /// <summary>Marked as production: destructive commands want <c>--force</c>.</summary>
    public bool IsProduction => string.Equals(Environment, "Production", StringComparison.OrdinalIgnoreCase);

    /// <summary>The URL or connection string with the password hidden.</summary>
    public string DisplayUrl => Options.ToString();
}
