using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Caching;
using Strata.Hosting;
using Strata.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds Redis stores to Strata's registration: <c>services.AddStrata(config, s => s.AddRedis("cache", "redis://127.0.0.1:6379?prefix=app:"))</c>,
/// and their health checks: <c>services.AddHealthChecks().AddStrataRedis()</c>.
/// </summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisStore"/> under <paramref name="name"/> (a keyed singleton; the first one added is also the
    /// plain <see cref="RedisStore"/>), opened at start-up and closed when the host stops. Its URL is <paramref name="url"/>, else
    /// <c>Strata:Redis:&lt;name&gt;:Url</c>, else <c>ConnectionStrings:&lt;name&gt;</c>; the section may also set <c>KeyPrefix</c>,
    /// <c>ConnectTimeout</c>, <c>CommandTimeout</c> and <c>DistributedLock</c> (true/false), over the URL's.
    /// </summary>
    /// <param name="strata">Strata's builder.</param>
    /// <param name="name">The store's name (its service key).</param>
    /// <param name="url">Its URL, or null to read it from configuration.</param>
    /// <param name="configure">Changes the options after configuration (returns the changed copy).</param>
    /// <param name="queryCacheFor">Databases whose <see cref="Strata.DatabaseOptions.QueryCache"/> is this store's query cache.</param>
    /// <exception cref="ArgumentException">An empty name.</exception>
    /// <remarks>A missing or malformed URL fails when the store is first resolved (at start-up in a host), naming the key to set.</remarks>
    public static StrataBuilder AddRedis(this StrataBuilder strata, string name, string? url = null, Func<RedisOptions, RedisOptions>? configure = null,
        params string[] queryCacheFor)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var holder = new StoreHolder(name, url, configure);
        var services = strata.Services;
        services.AddKeyedSingleton(name, (sp, _) => holder.Get(sp));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<RedisStore>(name));
        services.AddSingleton<IHostedService>(sp => new StoreOpener(sp, name));
        services.AddSingleton(new RedisRegistration(name));
        foreach (var database in queryCacheFor)
            strata.ConfigureDatabase(database, o => o.QueryCache = new DeferredQueryCache(holder));
        return strata;
    }

    /// <summary>One health check per Redis store added with <see cref="AddRedis"/>, named <c>&lt;prefix&gt;&lt;name&gt;</c>: PING on every primary, with the round trip. No secrets in the data.</summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="namePrefix">Put before each store's name.</param>
    /// <param name="tags">Tags for filtering.</param>
    public static IHealthChecksBuilder AddStrataRedis(this IHealthChecksBuilder builder, string namePrefix = "redis:", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToArray() ?? [];
        builder.Services.AddSingleton<Options.IConfigureOptions<HealthCheckServiceOptions>>(sp => new Options.ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in sp.GetServices<RedisRegistration>())
            {
                o.Registrations.Add(new HealthCheckRegistration(namePrefix + registration.Name,
                    s => new RedisHealthCheck(s.GetRequiredKeyedService<RedisStore>(registration.Name)), null, tagList));
            }
        }));
        return builder;
    }

    /// <summary>Builds a store's options from code and configuration, once.</summary>
    private sealed class StoreHolder(string name, string? url, Func<RedisOptions, RedisOptions>? configure)
    {
        private readonly Lock _lock = new();
        private RedisStore? _store;

        public RedisStore? Store => Volatile.Read(ref _store);

        public RedisStore Get(IServiceProvider services)
        {
            lock (_lock)
            {
                return _store ??= RedisStore.Open(Build(services));
            }
        }

        private RedisOptions Build(IServiceProvider services)
        {
            var configuration = services.GetService<IConfiguration>();
            var section = configuration?.GetSection($"Strata:Redis:{name}");
            var text = url ?? section?["Url"] ?? configuration?.GetConnectionString(name)
                ?? throw new Strata.DatabaseConfigurationException(
                    $"The Redis store '{name}' has no URL: pass one to AddRedis, or set Strata:Redis:{name}:Url (or ConnectionStrings:{name}) such as redis://127.0.0.1:6379.");
            var options = RedisOptions.Parse(text) with { LoggerFactory = services.GetService<ILoggerFactory>() };
            if (section?["KeyPrefix"] is { } prefix) options = options with { KeyPrefix = prefix };
            if (section?["ConnectTimeout"] is { } connect) options = options with { ConnectTimeout = Duration(connect, "ConnectTimeout") };
            if (section?["CommandTimeout"] is { } command) options = options with { CommandTimeout = Duration(command, "CommandTimeout") };
            if (section?["DistributedLock"] is { } locking)
                options = options with { Cache = options.Cache with { DistributedLock = bool.TryParse(locking, out var on) ? on
                    : throw new Strata.DatabaseConfigurationException($"Strata:Redis:{name}:DistributedLock ({locking}) must be true or false.") } };
            if (configure is not null) options = configure(options);
            options.Validate();
            return options;
        }

        private TimeSpan Duration(string value, string key) =>
            TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span
                : throw new Strata.DatabaseConfigurationException($"Strata:Redis:{name}:{key} ({value}) must be a positive time span such as 00:00:05.");
    }

    /// <summary>A database's query cache before the store is open: the store is opened at host start (<see cref="StoreOpener"/>).</summary>
    private sealed class DeferredQueryCache(StoreHolder holder) : IQueryResultCache
    {
        private IQueryResultCache Cache => holder.Store?.QueryCache
            ?? throw new InvalidOperationException("The Redis store of this database's query cache is not open yet: resolve RedisStore (the host does at start) before running cached queries.");

        public Task<T> GetOrLoadAsync<T>(QueryCacheRequest request, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) =>
            Cache.GetOrLoadAsync(request, load, cancellationToken);

        public ValueTask TablesWrittenAsync(string database, IReadOnlyCollection<string> tables, CancellationToken cancellationToken) =>
            holder.Store is { } store ? store.QueryCache.TablesWrittenAsync(database, tables, cancellationToken) : default;
    }

    /// <summary>Opens a store when the host starts, so configuration errors stop the host and the query cache is ready.</summary>
    private sealed class StoreOpener(IServiceProvider services, string name) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredKeyedService<RedisStore>(name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record RedisRegistration(string Name);

    private sealed class RedisHealthCheck(RedisStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var health = await store.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["target"] = health.Target, ["cluster"] = health.IsCluster };
            if (health.Latency is { } latency) data["latency_ms"] = latency.TotalMilliseconds;
            return health.IsHealthy
                ? HealthCheckResult.Healthy($"Redis {health.Target} answered in {health.Latency?.TotalMilliseconds:0.###} ms", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"Redis {health.Target} is unreachable: {health.Error}", null, data);
        }
    }
}
