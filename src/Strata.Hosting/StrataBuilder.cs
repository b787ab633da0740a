using Microsoft.Extensions.DependencyInjection;

namespace Strata.Hosting;

/// <summary>Declares databases in code, next to (or instead of) configuration: the argument of <c>AddStrata(strata => …)</c>.</summary>
/// <remarks>
/// Configure callbacks run when a database is first opened, and once more at start-up when the options are validated,
/// so they must only set options, not do work.
/// </remarks>
public sealed class StrataBuilder
{
    private readonly StrataRegistry _registry;

    internal StrataBuilder(IServiceCollection services, StrataRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>The service collection Strata registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a database opened by URL.</summary>
    /// <param name="name">Its name: the key of its keyed services.</param>
    /// <param name="url">Its URL (<c>sqlite:app.db</c>, <c>postgres://…</c>, <c>mysql://…</c>).</param>
    /// <param name="configure">Sets further options (migration sources, plugins, interceptors).</param>
    /// <exception cref="ArgumentException">The name was already added in code.</exception>
    public StrataBuilder AddDatabase(string name, string url, Action<DatabaseOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        _registry.AddFromCode(name, options =>
        {
            options.Url = url;
            configure?.Invoke(options);
        });
        return this;
    }

    /// <summary>
    /// Adds a database that is open already, such as a test's (<c>Strata.Testing</c>'s <c>TestDatabase.Database</c>): every service
    /// given this name's database (repositories, <c>[Transactional]</c> services, <see cref="Database"/> and <see cref="IDatabase"/>)
    /// gets this very instance, so they join its current transaction. The host does not close it: whoever opened it does.
    /// </summary>
    /// <param name="name">Its name: the key of its keyed services.</param>
    /// <param name="database">The open database.</param>
    /// <exception cref="ArgumentException">The name was already added in code.</exception>
    /// <remarks>
    /// <see cref="ConfigureDatabase"/> callbacks do not apply to it: it was configured when it was opened. Make it the default
    /// with <see cref="UseDefault"/> (or add it as the only database) rather than through <c>Strata:Default</c>, so that the
    /// plain <see cref="Database"/> service is registered as this instance, which the container does not dispose.
    /// </remarks>
    public StrataBuilder AddDatabase(string name, Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _registry.AddInstance(name, database);
        return this;
    }

    /// <summary>Adds a database whose options are all set in code.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="configure">Sets its options, including the URL or connection string.</param>
    /// <exception cref="ArgumentException">The name was already added in code.</exception>
    public StrataBuilder AddDatabase(string name, Action<DatabaseOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registry.AddFromCode(name, configure);
        return this;
    }

    /// <summary>Sets options configuration cannot hold (migration assemblies, plugins, interceptors) on a database declared in configuration or code.</summary>
    /// <param name="name">The database; start-up fails when no database has that name.</param>
    /// <param name="configure">Runs after the configured settings are applied.</param>
    public StrataBuilder ConfigureDatabase(string name, Action<DatabaseOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        _registry.Configure(name, configure);
        return this;
    }

    /// <summary>Sets options on every database, given its name.</summary>
    /// <param name="configure">Runs for each database before its own <see cref="ConfigureDatabase"/> callbacks.</param>
    public StrataBuilder ConfigureDatabases(Action<string, DatabaseOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registry.ConfigureAll(configure);
        return this;
    }

    /// <summary>Makes <paramref name="name"/> the default database, over <c>Strata:Default</c>.</summary>
    /// <param name="name">The database.</param>
    public StrataBuilder UseDefault(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _registry.DefaultFromCode = name;
        return this;
    }

    /// <summary>
    /// Declares a store that another Strata package registers (such as a key-value store of Strata.KeyValue), whose settings
    /// live in the <c>Strata:&lt;section&gt;</c> configuration section. Start-up validation then leaves that section to the
    /// package, and an application whose only stores are such ones (no SQL database) is valid. Called by the packages'
    /// own registration methods; applications need not call it.
    /// </summary>
    /// <param name="section">The configuration section under <c>Strata</c> that holds the store's settings (<c>KeyValue</c>).</param>
    /// <param name="name">The store's name.</param>
    public StrataBuilder DeclareStore(string section, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _registry.OtherStores.Add((section, name));
        return this;
    }

    /// <summary>Applies pending migrations and module schemas at start, under the migration lock: of the named databases, or of all when none is named.</summary>
    /// <param name="databases">The databases; every one when empty.</param>
    public StrataBuilder AutoMigrate(params string[] databases)
    {
        if (databases.Length == 0) _registry.AutoMigrateAll = true;
        foreach (var name in databases) _registry.AutoMigrate(name);
        return this;
    }
}
