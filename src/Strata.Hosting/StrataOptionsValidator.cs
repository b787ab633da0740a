using Microsoft.Extensions.Options;
using Strata.Providers;

namespace Strata.Hosting;

/// <summary>
/// Checks every declared database at start-up, without connecting: it has a URL or connection string, the URL parses,
/// its provider package is referenced, and each setting is in range. Each failure names the key to fix.
/// </summary>
internal sealed class StrataOptionsValidator(StrataRegistry registry, StrataEnvironment environment) : IValidateOptions<StrataOptions>
{
    public ValidateOptionsResult Validate(string? name, StrataOptions options)
    {
        if (name != Options.DefaultName) return ValidateOptionsResult.Skip;
        var failures = new List<string>(options.BindingProblems);
        if (registry.Names.Count == 0 && registry.OtherStores.Count == 0)
            failures.Add("No database is configured: add one with a 'ConnectionStrings:<name>' URL, a 'Strata:Databases:<name>' section, or AddDatabase in code.");
        foreach (var database in registry.Names.Where(n => !registry.Instances.ContainsKey(n))) Check(database, options, failures);

        if (!string.IsNullOrWhiteSpace(options.Default) && !registry.Names.Contains(options.Default.Trim(), StringComparer.OrdinalIgnoreCase))
            failures.Add($"Strata:Default names '{options.Default}', which is not a configured database; the databases are {List(registry.Names)}.");
        if (registry.DefaultFromCode is { } fromCode && !registry.Names.Contains(fromCode, StringComparer.OrdinalIgnoreCase))
            failures.Add($"UseDefault(\"{fromCode}\") names a database that is not configured; the databases are {List(registry.Names)}.");
        foreach (var configured in registry.ConfiguredButUndeclared())
            failures.Add($"ConfigureDatabase(\"{configured}\") names a database that is not configured; the databases are {List(registry.Names)}.");
        foreach (var (owner, database) in registry.References.Where(r => !registry.Names.Contains(r.Database, StringComparer.OrdinalIgnoreCase)))
            failures.Add($"{owner} uses the database '{database}', which is not configured; the databases are {List(registry.Names)}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(string database, StrataOptions options, List<string> failures)
    {
        BuiltOptions built;
        try
        {
            built = registry.Build(database, options, environment.ContentRoot, null);
        }
        catch (DatabaseConfigurationException e)
        {
            failures.Add(e.Message);
            return;
        }
        var o = built.Options;
        if (o.Url is null && o.ConnectionString is null)
        {
            failures.Add($"The database '{database}' has no connection: set ConnectionStrings:{database} to its URL (e.g. 'postgres://user:password@host:5432/app' or 'sqlite:app.db'), or {built.Section}:Url.");
            return;
        }
        ConnectionSettings target;
        try
        {
            // The URL alone first, so that a problem with it is reported against the key that set it.
            target = new DatabaseOptions { Url = o.Url, ConnectionString = o.ConnectionString, Provider = o.Provider }.ToConnectionSettings();
            DatabaseProviders.Find(target.Scheme);
        }
        catch (DatabaseConfigurationException e)
        {
            failures.Add($"{built.UrlKey}: {e.Message}");
            return;
        }
        try
        {
            o.ToConnectionSettings();
            o.Resilience.Validate();
            try
            {
                o.ToReplicaSettings();
            }
            catch (DatabaseConfigurationException e)
            {
                failures.Add($"{built.Section}:Replicas: {e.Message}");
            }
        }
        catch (DatabaseConfigurationException e) when (e.Message.StartsWith("Resilience.", StringComparison.Ordinal))
        {
            failures.Add($"{built.Section}:Resilience:{e.Message["Resilience.".Length..]}");
        }
        catch (DatabaseConfigurationException e)
        {
            // The core messages start with the option's name ("MaxPoolSize (0) must be…"); make that the full key.
            var first = e.Message.Split(' ', 2)[0];
            failures.Add(StrataOptionsBinder.SettingNames.Contains(first) ? $"{built.Section}:{e.Message}" : $"{built.Section}: {e.Message}");
        }
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Select(n => $"'{n}'")) : "none";
}

/// <summary>Where relative folders in configuration are resolved: the host's content root, or the working directory.</summary>
internal sealed class StrataEnvironment(IServiceProvider services)
{
    public string ContentRoot { get; } =
        (services.GetService(typeof(Microsoft.Extensions.Hosting.IHostEnvironment)) as Microsoft.Extensions.Hosting.IHostEnvironment)?.ContentRootPath
        ?? Directory.GetCurrentDirectory();
}
