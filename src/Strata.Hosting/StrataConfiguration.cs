using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Strata.Hosting;

/// <summary>
/// The databases a configuration declares, read exactly as <c>AddStrata(configuration)</c> reads them but without a host:
/// for tools such as the <c>strata</c> command that open an application's databases from its <c>appsettings.json</c>.
/// </summary>
/// <remarks>
/// A database is each <c>Strata:Databases:&lt;name&gt;</c> section and each <c>ConnectionStrings:&lt;name&gt;</c> that is a Strata URL.
/// Relative folders resolve against <see cref="ContentRoot"/>. Reading builds options only: nothing connects.
/// </remarks>
public sealed class StrataConfiguration
{
    private readonly StrataRegistry _registry = new();
    private readonly StrataOptions _options = new();

    /// <summary>Reads the databases of <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The configuration (an <c>appsettings.json</c> or <c>strata.json</c>, environment variables…).</param>
    /// <param name="contentRoot">Where relative folders are resolved: the folder the configuration file is in.</param>
    [RequiresUnreferencedCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    [RequiresDynamicCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    public StrataConfiguration(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        ContentRoot = contentRoot;
        _registry.UseConfiguration(configuration);
        new StrataOptionsBinder(configuration, _registry).Configure(_options);
    }

    /// <summary>Where relative folders are resolved.</summary>
    public string ContentRoot { get; }

    /// <summary>The names of the databases declared, in the order found.</summary>
    public IReadOnlyList<string> Names => _registry.Names;

    /// <summary>The default database's name (<c>Strata:Default</c>, or the only one, or the one named <c>default</c>), or null.</summary>
    public string? DefaultName => _registry.DefaultName(_options);

    /// <summary>Keys of the <c>Strata</c> section that are not settings or have values of the wrong type, each naming its key.</summary>
    public IReadOnlyList<string> Problems => _options.BindingProblems;

    /// <summary>The options of database <paramref name="name"/>, and which keys set them.</summary>
    /// <param name="name">The database's name, compared ignoring case.</param>
    /// <exception cref="DatabaseConfigurationException">No database has that name (the message lists those that do), or one of its settings is invalid (the message names the key).</exception>
    public ConfiguredDatabase Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var known = _registry.Names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new DatabaseConfigurationException(Names.Count == 0
                ? $"No database named '{name}' is configured: the configuration declares none (add 'ConnectionStrings:{name}' or a 'Strata:Databases:{name}' section)."
                : $"No database named '{name}' is configured; the databases are {string.Join(", ", Names.Select(n => $"'{n}'"))}.");
        if (Problems.FirstOrDefault(p => p.Contains($":Databases:{known}:", StringComparison.OrdinalIgnoreCase)) is { } problem)
            throw new DatabaseConfigurationException(problem);
        var built = _registry.Build(known, _options, ContentRoot, null);
        var environment = _options.Databases.TryGetValue(known, out var settings) ? settings.Environment : null;
        return new ConfiguredDatabase(known, built.Options, built.UrlKey, built.Section, string.IsNullOrWhiteSpace(environment) ? null : environment.Trim());
    }
}

/// <summary>A database as configuration declares it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Options">Its options, built as <c>AddStrata</c> builds them (URL, pool, folders, …).</param>
/// <param name="UrlKey">The configuration key its URL or connection string came from (<c>ConnectionStrings:main</c>, <c>Strata:Databases:main:Url</c>).</param>
/// <param name="Section">Its settings section (<c>Strata:Databases:main</c>).</param>
/// <param name="Environment">Its <see cref="StrataDatabaseSettings.Environment"/>, or null when unset.</param>
public sealed record ConfiguredDatabase(string Name, DatabaseOptions Options, string UrlKey, string Section, string? Environment);
