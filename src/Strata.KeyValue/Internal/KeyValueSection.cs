using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strata.KeyValue.Internal;

/// <summary>Builds a registered store's options from the code, the <c>Strata:KeyValue:&lt;name&gt;</c> section and <c>ConnectionStrings</c>.</summary>
internal static class KeyValueSection
{
    /// <summary>The section under <c>Strata</c> holding the stores' settings.</summary>
    public const string Name = "KeyValue";

    public const string Path = "Strata:" + Name;

    private static readonly string[] Keys = ["Url", "Path", "Sync", "SyncInterval", "CreateIfMissing", "BlockCacheSize", "WriteBufferSize", "DisposeTimeout", "AutoMigrate"];

    /// <summary>The options of <paramref name="registration"/>'s store.</summary>
    /// <exception cref="DatabaseConfigurationException">A setting is missing, unknown or invalid; the message names its key.</exception>
    public static KeyValueOptions Build(IServiceProvider services, KeyValueRegistration registration)
    {
        var configuration = services.GetService<IConfiguration>();
        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var options = Read(configuration, registration.Name, registration.Url, contentRoot) with
        {
            LoggerFactory = services.GetService<ILoggerFactory>(),
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        };
        return registration.Configure?.Invoke(options) ?? options;
    }

    /// <summary>True when <paramref name="configuration"/> has a <c>Strata:KeyValue:&lt;name&gt;</c> section or a <c>rocksdb:</c> URL in <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
    public static bool Declares(IConfiguration configuration, string name) =>
        configuration.GetSection($"{Path}:{name}").Exists()
        || configuration[$"ConnectionStrings:{name}"]?.TrimStart().StartsWith(KeyValueOptions.Scheme + ":", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The options of store <paramref name="name"/>: <paramref name="url"/> when given, else its section's <c>Url</c> or
    /// <c>Path</c>, else <c>ConnectionStrings:&lt;name&gt;</c>; then the section's settings; the path resolved against <paramref name="contentRoot"/>.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">A setting is missing, unknown or invalid; the message names its key.</exception>
    public static KeyValueOptions Read(IConfiguration? configuration, string name, string? url, string contentRoot)
    {
        var section = configuration?.GetSection($"{Path}:{name}");
        if (section is not null)
        {
            foreach (var child in section.GetChildren().Where(c => !Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
                throw new DatabaseConfigurationException($"{child.Path} is not a key-value store setting; the settings are {string.Join(", ", Keys)}.");
        }
        string? Setting(string key) => section?[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        string? urlKey;
        (url, urlKey) = url is not null ? (url, $"the code adding the key-value store '{name}'")
            : Setting("Url") is { } fromSection ? (fromSection, $"{Path}:{name}:Url")
            : configuration?[$"ConnectionStrings:{name}"] is { Length: > 0 } connection ? (connection, $"ConnectionStrings:{name}")
            : (null, null);
        KeyValueOptions options;
        if (url is not null)
        {
            if (Setting("Path") is not null) throw new DatabaseConfigurationException($"{Path}:{name}:Path and the URL from {urlKey} both name the store's directory: keep one.");
            try
            {
                options = KeyValueOptions.Parse(url);
            }
            catch (DatabaseConfigurationException e)
            {
                throw new DatabaseConfigurationException($"{urlKey}: {e.Message}", e);
            }
        }
        else
        {
            options = new KeyValueOptions
            {
                Path = Setting("Path") ?? throw new DatabaseConfigurationException(
                    $"The key-value store '{name}' has no directory: give AddKeyValueStore a URL ('rocksdb:data/kv'), or set {Path}:{name}:Url, {Path}:{name}:Path or ConnectionStrings:{name}."),
            };
        }
        string Key(string key) => $"{Path}:{name}:{key}";
        if (Setting("Sync") is { } sync) options = options with { Sync = KeyValueUrl.ParseBool(Key("Sync"), sync) };
        if (Setting("SyncInterval") is { } interval) options = options with { SyncInterval = Duration(Key("SyncInterval"), interval) };
        if (Setting("CreateIfMissing") is { } create) options = options with { CreateIfMissing = KeyValueUrl.ParseBool(Key("CreateIfMissing"), create) };
        if (Setting("BlockCacheSize") is { } cache) options = options with { BlockCacheSize = KeyValueUrl.ParseSize(Key("BlockCacheSize"), cache) };
        if (Setting("WriteBufferSize") is { } buffer) options = options with { WriteBufferSize = KeyValueUrl.ParseSize(Key("WriteBufferSize"), buffer) };
        if (Setting("DisposeTimeout") is { } dispose) options = options with { DisposeTimeout = Duration(Key("DisposeTimeout"), dispose) };
        return options with { Path = System.IO.Path.GetFullPath(options.Path!, contentRoot) };
    }

    /// <summary>Whether the store applies its migrations at start: its own <c>AutoMigrate</c>, else <c>Strata:AutoMigrate</c>.</summary>
    public static bool AutoMigrate(IConfiguration? configuration, string name)
    {
        var value = configuration?[$"{Path}:{name}:AutoMigrate"] ?? configuration?["Strata:AutoMigrate"];
        return value is not null && KeyValueUrl.ParseBool($"{Path}:{name}:AutoMigrate", value.Trim());
    }

    /// <summary>The <c>Strata:KeyValue</c> sections no registration covers.</summary>
    public static IEnumerable<string> Unregistered(IConfiguration? configuration, IEnumerable<string> names) =>
        configuration?.GetSection(Path).GetChildren().Select(c => c.Key).Where(k => !names.Contains(k, StringComparer.OrdinalIgnoreCase)) ?? [];

    private static TimeSpan Duration(string key, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && value.Contains(':', StringComparison.Ordinal) ? span : KeyValueUrl.ParseDuration(key, value);
}
