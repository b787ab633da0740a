using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Strata;
using Strata.Hosting;
using Strata.KeyValue;
using Strata.KeyValue.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers key-value stores with Strata's hosting: <c>services.AddStrata(s =&gt; s.AddKeyValueStore("kv", "rocksdb:data/kv"))</c>,
/// or <c>services.AddStrata(configuration).AddKeyValueStore("kv")</c> with the store's settings in configuration.
/// </summary>
/// <remarks>
/// <para>
/// Each store is a singleton <see cref="KeyValueStore"/> keyed by its name (the first one added is also the plain
/// <see cref="KeyValueStore"/> service), opened when the host starts (so a locked, damaged or misconfigured store stops
/// the start with its error) and closed when the container is disposed.
/// </para>
/// <para>
/// Configuration: the URL comes from the code, else <c>Strata:KeyValue:&lt;name&gt;:Url</c>, else
/// <c>ConnectionStrings:&lt;name&gt;</c>; a <c>Strata:KeyValue:&lt;name&gt;</c> section may also set <c>Path</c> (instead of a
/// URL), <c>Sync</c>, <c>SyncInterval</c>, <c>CreateIfMissing</c>, <c>BlockCacheSize</c>, <c>WriteBufferSize</c>,
/// <c>DisposeTimeout</c> (each winning over the URL's option of the same name) and <c>AutoMigrate</c> (apply the store's
/// migrations at start; <c>Strata:AutoMigrate</c> when unset). Relative paths are resolved against the content root. Unknown
/// keys, and sections no <c>AddKeyValueStore</c> call registers, stop the start with a message naming the key.
/// </para>
/// </remarks>
public static class KeyValueServiceCollectionExtensions
{
    /// <summary>Adds a key-value store named <paramref name="name"/> (see the class remarks for where its settings come from).</summary>
    /// <param name="builder">The builder of <c>AddStrata</c>.</param>
    /// <param name="name">The store's name: the key of its keyed service and of its configuration section.</param>
    /// <param name="url">Its URL (<c>rocksdb:data/kv?sync=true</c>); from configuration when null.</param>
    /// <param name="configure">Changes the options last (migrations, serializer): return the options <c>with</c> your changes.</param>
    /// <exception cref="ArgumentException">The name is blank or already added.</exception>
    public static StrataBuilder AddKeyValueStore(this StrataBuilder builder, string name, string? url = null, Func<KeyValueOptions, KeyValueOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var services = builder.Services;
        var registrations = KeyValueRegistrations.In(services);
        registrations.Add(new KeyValueRegistration(name, url, configure));
        builder.DeclareStore(KeyValueSection.Name, name);
        services.AddKeyedSingleton(name, (sp, _) => KeyValueStore.Open(KeyValueSection.Build(sp, registrations.Get(name))));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<KeyValueStore>(registrations.First));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, KeyValueHostedService>());
        return builder;
    }

    /// <summary>Adds a key-value store, as <see cref="AddKeyValueStore(StrataBuilder, string, string?, Func{KeyValueOptions, KeyValueOptions}?)"/> does, after <c>AddStrata</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The store's name.</param>
    /// <param name="url">Its URL; from configuration when null.</param>
    /// <param name="configure">Changes the options last.</param>
    public static IServiceCollection AddKeyValueStore(this IServiceCollection services, string name, string? url = null, Func<KeyValueOptions, KeyValueOptions>? configure = null) =>
        services.AddStrata(strata => strata.AddKeyValueStore(name, url, configure));

    /// <summary>
    /// Registers one health check per key-value store, named <c>&lt;prefix&gt;&lt;store&gt;</c>: a timed read, RocksDB's
    /// background errors and write stalls (unhealthy), slow reads, slowed writes and pending migrations (degraded).
    /// </summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="options">Thresholds; <see cref="DatabaseHealthOptions.Default"/> when null.</param>
    /// <param name="namePrefix">Put before each store's name to name its check.</param>
    /// <param name="tags">Tags for filtering the checks.</param>
    /// <param name="failureStatus">Reported for an unhealthy store; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    public static IHealthChecksBuilder AddKeyValueStores(this IHealthChecksBuilder builder, DatabaseHealthOptions? options = null, string namePrefix = "strata:kv:",
        IEnumerable<string>? tags = null, HealthStatus? failureStatus = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToArray() ?? [];
        var registrations = KeyValueRegistrations.In(builder.Services);
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            foreach (var name in registrations.Names)
            {
                o.Registrations.Add(new HealthCheckRegistration(namePrefix + name,
                    sp => new KeyValueHealthCheck(sp.GetRequiredKeyedService<KeyValueStore>(name), options), failureStatus, tagList));
            }
        }));
        return builder;
    }
}
