using System.Diagnostics.CodeAnalysis;
using Strata;
using Strata.Hosting;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Strata in a service collection: databases, repositories, transactional services and the hosted service.</summary>
public static class StrataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the databases of <paramref name="configuration"/>: every <c>Strata:Databases:&lt;name&gt;</c> section and
    /// every <c>ConnectionStrings:&lt;name&gt;</c> entry that is a Strata URL. Each is a keyed <see cref="IDatabase"/>
    /// (and <see cref="Database"/>) under its name; the default one is also plain <see cref="IDatabase"/> and <see cref="IDbSession"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="configure">Adds or configures databases in code.</param>
    /// <remarks>
    /// The options are validated at start-up (<c>ValidateOnStart</c>): a missing URL, a malformed one, a missing provider
    /// package, an out-of-range or unknown setting stops the host with a message naming the key. Databases are opened on
    /// first use and closed when the host stops. The container must be disposed asynchronously (the host does), as
    /// databases only have <see cref="IAsyncDisposable"/>.
    /// </remarks>
    [RequiresUnreferencedCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    [RequiresDynamicCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    public static IServiceCollection AddStrata(this IServiceCollection services, IConfiguration configuration, Action<StrataBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var registry = Registry(services);
        registry.UseConfiguration(configuration);
        services.AddSingleton<IConfigureOptions<StrataOptions>>(new StrataOptionsBinder(configuration, registry));
        return AddStrata(services, registry, configure);
    }

    /// <summary>Registers databases declared in code only: <c>services.AddStrata(s => s.AddDatabase("main", "sqlite:app.db"))</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds the databases.</param>
    public static IServiceCollection AddStrata(this IServiceCollection services, Action<StrataBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddStrata(services, Registry(services), configure);
    }

    /// <summary>Registers one database, the default, opened by URL: <c>services.AddStrata("sqlite:app.db")</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="url">Its URL.</param>
    /// <param name="configure">Sets further options.</param>
    public static IServiceCollection AddStrata(this IServiceCollection services, string url, Action<DatabaseOptions>? configure = null) =>
        services.AddStrata(s => s.AddDatabase("default", url, configure).UseDefault("default"));

    private static IServiceCollection AddStrata(IServiceCollection services, StrataRegistry registry, Action<StrataBuilder>? configure)
    {
        configure?.Invoke(new StrataBuilder(services, registry));

        services.AddOptions<StrataOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrataOptions>, StrataOptionsValidator>());
        services.TryAddSingleton<StrataEnvironment>();
        services.TryAddSingleton(sp => CreateManager(sp, registry));
        // A database given open is registered as an instance, which the container does not dispose: its owner closes it.
        if (registry.DefaultInstance() is { } given)
        {
            services.TryAddSingleton<IDatabase>(given);
            services.TryAddSingleton(given);
            services.TryAddSingleton<IDbSession>(given);
        }
        services.TryAddSingleton<IDatabase>(sp => sp.GetRequiredService<DatabaseManager>().Default);
        services.TryAddSingleton<Database>(sp => sp.GetRequiredService<DatabaseManager>().Default);
        services.TryAddSingleton<IDbSession>(sp => sp.GetRequiredService<IDatabase>());
        services.TryAdd(ServiceDescriptor.Scoped(typeof(IRepository<,>), typeof(Repository<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, StrataHostedService>());
        foreach (var name in registry.TakeUnregistered())
        {
            if (registry.Instances.TryGetValue(name, out var instance))
            {
                services.AddKeyedSingleton(name, instance);
                services.AddKeyedSingleton<IDatabase>(name, instance);
                continue;
            }
            services.AddKeyedSingleton<Database>(name, (sp, _) => sp.GetRequiredService<DatabaseManager>().Get(name));
            services.AddKeyedSingleton<IDatabase>(name, (sp, _) => sp.GetRequiredKeyedService<Database>(name));
        }
        return services;
    }

    private static DatabaseManager CreateManager(IServiceProvider services, StrataRegistry registry)
    {
        var options = services.GetRequiredService<IOptions<StrataOptions>>().Value;
        var root = services.GetRequiredService<StrataEnvironment>().ContentRoot;
        var loggers = services.GetService<ILoggerFactory>();
        var manager = new DatabaseManager();
        var defaultName = registry.DefaultName(options);
        foreach (var name in registry.Names)
        {
            if (registry.Instances.TryGetValue(name, out var instance))
            {
                manager.Add(name, instance, string.Equals(name, defaultName, StringComparison.OrdinalIgnoreCase));
                continue;
            }
            manager.Add(name, () => registry.Build(name, options, root, loggers).Options,
                isDefault: string.Equals(name, defaultName, StringComparison.OrdinalIgnoreCase));
        }
        return manager;
    }

    /// <summary>
    /// Registers a repository class: it is built with its database as its <see cref="IDbSession"/> or <see cref="IDatabase"/>
    /// constructor argument (the rest come from the container), and resolves as itself and as each interface it implements.
    /// </summary>
    /// <typeparam name="TRepository">A class implementing <see cref="IRepository{TEntity, TKey}"/> (usually deriving from <see cref="Repository{TEntity, TKey}"/>).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="database">The database by name; else the class's <see cref="UseDatabaseAttribute"/>; else the default.</param>
    /// <param name="lifetime">Its lifetime; scoped by default.</param>
    /// <exception cref="ArgumentException">The class is not a repository, or no public constructor takes a session.</exception>
    public static IServiceCollection AddRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.Interfaces)] TRepository>(this IServiceCollection services, string? database = null, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TRepository : class =>
        services.AddRepository(typeof(TRepository), database, lifetime);

    /// <summary>Registers a repository class (see <see cref="AddRepository{TRepository}"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="repositoryType">The repository class.</param>
    /// <param name="database">The database by name; else the class's <see cref="UseDatabaseAttribute"/>; else the default.</param>
    /// <param name="lifetime">Its lifetime; scoped by default.</param>
    /// <exception cref="ArgumentException">The class is not a repository, or no public constructor takes a session.</exception>
    public static IServiceCollection AddRepository(this IServiceCollection services, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.Interfaces)] Type repositoryType, string? database = null,
        ServiceLifetime lifetime = ServiceLifetime.Scoped)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(repositoryType);
        if (!IsRepository(repositoryType))
            throw new ArgumentException($"{repositoryType} is not a repository: derive it from Repository<TEntity, TKey> or implement IRepository<TEntity, TKey>, in a concrete, non-generic class.", nameof(repositoryType));
        if (!repositoryType.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType.IsAssignableFrom(typeof(Database)))))
            throw new ArgumentException($"{repositoryType} has no public constructor taking an ISession or IDatabase, so it cannot be given its database.", nameof(repositoryType));
        var name = database ?? repositoryType.GetCustomAttribute<UseDatabaseAttribute>()?.Name;
        var registry = Registry(services);
        if (name is not null) registry.References.Add(($"The repository {repositoryType.Name}", name));
        services.Add(new ServiceDescriptor(repositoryType, sp =>
        {
            var manager = sp.GetRequiredService<DatabaseManager>();
            return ActivatorUtilities.CreateInstance(sp, repositoryType, name is null ? manager.Default : manager.Get(name));
        }, lifetime));
        foreach (var contract in repositoryType.GetInterfaces().Where(i => i.Namespace?.StartsWith("System", StringComparison.Ordinal) != true))
            services.Add(new ServiceDescriptor(contract, sp => sp.GetRequiredService(repositoryType), lifetime));
        return services;
    }

    /// <summary>Registers every repository class in <paramref name="assembly"/> (see <see cref="AddRepository{TRepository}"/>), each on the database its attribute names or the default.</summary>
    /// <param name="services">The services.</param>
    /// <param name="assembly">The assembly to scan.</param>
    /// <param name="lifetime">Their lifetime; scoped by default.</param>
    [RequiresUnreferencedCode("Finds repository classes by reading every type of the assembly, which trimming may have removed; in trimmed and native AOT applications register each with AddRepository<TRepository>().")]
    public static IServiceCollection AddRepositories(this IServiceCollection services, Assembly assembly, ServiceLifetime lifetime = ServiceLifetime.Scoped)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(IsRepository)) services.AddRepository(type, null, lifetime);
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> behind <typeparamref name="TService"/> so that its methods marked
    /// <see cref="TransactionalAttribute"/> (or all its methods, when the class or interface is marked) run in a transaction.
    /// </summary>
    /// <typeparam name="TService">The interface callers use.</typeparam>
    /// <typeparam name="TImplementation">The class; built by the container.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="lifetime">The lifetime of both; scoped by default.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TService"/> is not an interface, or a transactional method does not return a task.</exception>
    /// <remarks>Only calls through the interface are transactional: a method calling another of the same class calls it directly.</remarks>
    [RequiresUnreferencedCode("Transactional services are proxies made at run time (DispatchProxy) from the interface's methods, which trimming and native AOT cannot provide; open transactions in the service itself there (TransactionAsync).")]
    [RequiresDynamicCode("Transactional services are proxies made at run time (DispatchProxy) from the interface's methods, which trimming and native AOT cannot provide; open transactions in the service itself there (TransactionAsync).")]
    public static IServiceCollection AddTransactional<TService, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TService : class
        where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(services);
        var plans = TransactionalMethods.For(typeof(TService), typeof(TImplementation));
        var registry = Registry(services);
        foreach (var (method, database) in plans.Databases) registry.References.Add(($"{typeof(TImplementation).Name}.{method} ([Transactional])", database));
        services.TryAdd(new ServiceDescriptor(typeof(TImplementation), typeof(TImplementation), lifetime));
        services.Add(new ServiceDescriptor(typeof(TService),
            sp => TransactionalProxy<TService>.Create(sp.GetRequiredService<TImplementation>(), sp.GetRequiredService<DatabaseManager>(), plans), lifetime));
        return services;
    }

    private static bool IsRepository([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } &&
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRepository<,>));

    private static StrataRegistry Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(StrataRegistry))?.ImplementationInstance is StrataRegistry registry) return registry;
        registry = new StrataRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
