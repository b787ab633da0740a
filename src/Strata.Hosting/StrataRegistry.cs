using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strata.Mapping;
using Strata.Providers;

namespace Strata.Hosting;

/// <summary>
/// What the <c>AddStrata</c> calls declared: the databases by name (known when services are registered, so each can be
/// a keyed service), code that configures them, and the configuration their settings come from.
/// </summary>
internal sealed partial class StrataRegistry
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, List<Action<DatabaseOptions>>> _configure = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<string, DatabaseOptions>> _configureAll = [];
    private readonly HashSet<string> _fromCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _autoMigrate = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _keyed = new(StringComparer.OrdinalIgnoreCase);

    public IConfiguration? Configuration { get; private set; }

    /// <summary>Databases given open (<see cref="StrataBuilder.AddDatabase(string, Database)"/>), handed out as they are.</summary>
    public Dictionary<string, Database> Instances { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? DefaultFromCode { get; set; }

    public bool AutoMigrateAll { get; set; }

    /// <summary>Things that name a database (a repository's attribute, a transactional method), checked at start-up.</summary>
    public List<(string Owner, string Database)> References { get; } = [];

    public IReadOnlyList<string> Names => _names;

    /// <summary>Stores other Strata packages registered (<see cref="StrataBuilder.DeclareStore"/>), with the <c>Strata</c> section holding their settings.</summary>
    public List<(string Section, string Name)> OtherStores { get; } = [];

    public void UseConfiguration(IConfiguration configuration)
    {
        if (Configuration is not null && !ReferenceEquals(Configuration, configuration))
            throw new InvalidOperationException("AddStrata was already given a different configuration; pass the same one to every call.");
        Configuration = configuration;
        foreach (var section in configuration.GetSection(StrataOptions.SectionName + ":Databases").GetChildren()) Declare(section.Key);
        foreach (var entry in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (entry.Value is { } value && LooksLikeUrl(value)) Declare(entry.Key);
        }
    }

    public void Declare(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Contains(name, StringComparer.OrdinalIgnoreCase)) _names.Add(name);
    }

    public void AddFromCode(string name, Action<DatabaseOptions> configure)
    {
        if (!_fromCode.Add(name)) throw new ArgumentException($"A database named '{name}' was already added in code.", nameof(name));
        Declare(name);
        Configure(name, configure);
    }

    public void AddInstance(string name, Database database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_fromCode.Add(name)) throw new ArgumentException($"A database named '{name}' was already added in code.", nameof(name));
        Declare(name);
        Instances[name] = database;
    }

    /// <summary>The database given open that is the default when services are registered (named by <c>UseDefault</c>, or the only database), or null.</summary>
    public Database? DefaultInstance()
    {
        var name = DefaultFromCode ?? (_names.Count == 1 ? _names[0] : null);
        return name is not null && Instances.TryGetValue(name, out var database) ? database : null;
    }

    public void Configure(string name, Action<DatabaseOptions> configure)
    {
        if (!_configure.TryGetValue(name, out var list)) _configure[name] = list = [];
        list.Add(configure);
    }

    public void ConfigureAll(Action<string, DatabaseOptions> configure) => _configureAll.Add(configure);

    public void AutoMigrate(string name) => _autoMigrate.Add(name);

    /// <summary>The names not yet registered as keyed services; marks them registered.</summary>
    public IEnumerable<string> TakeUnregistered() => _names.Where(_keyed.Add).ToList();

    /// <summary>The default database's name, or null when there is none to pick.</summary>
    public string? DefaultName(StrataOptions options)
    {
        var name = DefaultFromCode ?? (string.IsNullOrWhiteSpace(options.Default) ? null : options.Default.Trim());
        if (name is not null) return _names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
        if (_names.Count == 1) return _names[0];
        return _names.FirstOrDefault(n => n.Equals("default", StringComparison.OrdinalIgnoreCase));
    }

    public bool ShouldAutoMigrate(string name, StrataOptions options) =>
        _autoMigrate.Contains(name) || (Settings(name, options)?.AutoMigrate ?? (AutoMigrateAll || options.AutoMigrate));

    public IEnumerable<string> ConfiguredButUndeclared() => _configure.Keys.Where(k => !_names.Contains(k, StringComparer.OrdinalIgnoreCase));

    /// <summary>The options of database <paramref name="name"/>: configuration first, then the code that configures it.</summary>
    /// <exception cref="DatabaseConfigurationException">A setting is invalid; the message names its key.</exception>
    public BuiltOptions Build(string name, StrataOptions strata, string contentRoot, ILoggerFactory? loggerFactory)
    {
        var options = new DatabaseOptions();
        var section = $"{StrataOptions.SectionName}:Databases:{name}";
        var urlKey = $"{section}:Url";
        var settings = Settings(name, strata);
        if (settings is not null) Apply(settings, options, section, contentRoot);
        if (options.Url is null && options.ConnectionString is null && Configuration?.GetSection("ConnectionStrings")[name] is { Length: > 0 } fromConnectionStrings)
        {
            urlKey = $"ConnectionStrings:{name}";
            if (LooksLikeUrl(fromConnectionStrings) || string.IsNullOrWhiteSpace(options.Provider)) options.Url = fromConnectionStrings;
            else options.ConnectionString = fromConnectionStrings;
        }
        var urlBefore = (options.Url, options.ConnectionString);
        foreach (var configure in _configureAll) configure(name, options);
        if (_configure.TryGetValue(name, out var actions))
        {
            foreach (var configure in actions) configure(options);
        }
        if ((options.Url, options.ConnectionString) != urlBefore) urlKey = $"the code configuring database '{name}'";
        options.LoggerFactory ??= loggerFactory;
        return new BuiltOptions(options, urlKey, section);
    }

    private static StrataDatabaseSettings? Settings(string name, StrataOptions options) =>
        options.Databases.TryGetValue(name, out var settings) ? settings : null;

    private static void Apply(StrataDatabaseSettings s, DatabaseOptions o, string section, string contentRoot)
    {
        o.Url = Blank(s.Url);
        o.ConnectionString = Blank(s.ConnectionString);
        o.Provider = Blank(s.Provider);
        o.MinPoolSize = s.MinPoolSize ?? o.MinPoolSize;
        o.MaxPoolSize = s.MaxPoolSize ?? o.MaxPoolSize;
        o.IdleTimeout = s.IdleTimeout ?? o.IdleTimeout;
        o.ConnectionLifetime = s.ConnectionLifetime ?? o.ConnectionLifetime;
        o.ConnectTimeout = s.ConnectTimeout ?? o.ConnectTimeout;
        o.CommandTimeout = s.CommandTimeout ?? o.CommandTimeout;
        o.ApplicationName = s.ApplicationName ?? o.ApplicationName;
        o.SslMode = s.SslMode ?? o.SslMode;
        o.SlowQueryThreshold = s.SlowQueryThreshold ?? o.SlowQueryThreshold;
        o.LogParameterValues = s.LogParameterValues ?? o.LogParameterValues;
        o.IncludeValuesInErrors = s.IncludeValuesInErrors ?? o.IncludeValuesInErrors;
        o.EnumStorage = s.EnumStorage ?? o.EnumStorage;
        o.DisposeTimeout = s.DisposeTimeout ?? o.DisposeTimeout;
        o.Resilience = s.Resilience ?? o.Resilience;
        o.ReadYourWritesWindow = s.ReadYourWritesWindow ?? o.ReadYourWritesWindow;
        o.ReplicaProbeDelay = s.ReplicaProbeDelay ?? o.ReplicaProbeDelay;
        o.CollectStatistics = s.CollectStatistics ?? o.CollectStatistics;
        foreach (var replica in s.Replicas.Where(r => !string.IsNullOrWhiteSpace(r))) o.Replicas.Add(replica.Trim());
        o.NamingConvention = Blank(s.NamingConvention)?.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            null => o.NamingConvention,
            "snakecase" => NamingConvention.SnakeCase,
            "exact" => NamingConvention.Exact,
            _ => throw new DatabaseConfigurationException($"{section}:NamingConvention ('{s.NamingConvention}') is not valid: use SnakeCase or Exact."),
        };
        if (Blank(s.MigrationHistoryTable) is { } history) o.Migrations.HistoryTable = history;
        if (s.MigrationLockTimeout is { } lockTimeout) o.Migrations.LockTimeout = lockTimeout;
        foreach (var folder in Folders(s.MigrationFolders, section + ":MigrationFolders", contentRoot)) o.Migrations.AddFolder(folder);
        foreach (var folder in Folders(s.ModuleFolders, section + ":ModuleFolders", contentRoot)) o.Modules.AddFolder(folder);
        foreach (var folder in Folders(s.SeedFolders, section + ":SeedFolders", contentRoot)) o.Seeds.Folders.Add(folder);
    }

    private static IEnumerable<string> Folders(List<string> folders, string key, string contentRoot)
    {
        for (var i = 0; i < folders.Count; i++)
        {
            var folder = Path.GetFullPath(folders[i], contentRoot);
            if (!Directory.Exists(folder))
                throw new DatabaseConfigurationException($"{key}:{i} names the folder '{folders[i]}', which does not exist (looked for {folder}).");
            yield return folder;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Whether a connection string is a Strata URL (a known scheme and a colon) rather than a driver's key=value string.</summary>
    internal static bool LooksLikeUrl(string value) =>
        UrlScheme().Match(value.Trim()) is { Success: true } match && DatabaseProviders.IsKnownScheme(match.Groups[1].Value);

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex UrlScheme();
}

/// <summary>A database's options, and the configuration keys that set its URL and its other settings (for error messages).</summary>
internal sealed record BuiltOptions(DatabaseOptions Options, string UrlKey, string Section);
