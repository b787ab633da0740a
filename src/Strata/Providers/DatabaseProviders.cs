using System.Collections.Concurrent;
using System.Reflection;

namespace Strata.Providers;

/// <summary>
/// Finds the provider for a URL scheme. Strata's own provider packages are found as soon as they
/// are referenced; other providers call <see cref="Register"/>.
/// </summary>
/// <remarks>Thread-safe. The registry maps schemes to providers; it holds no configuration.</remarks>
public static class DatabaseProviders
{
    private static readonly ConcurrentDictionary<string, DatabaseProvider> Registered = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> KnownPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sqlite"] = "Strata.Sqlite",
        ["postgres"] = "Strata.Postgres",
        ["postgresql"] = "Strata.Postgres",
        ["cockroachdb"] = "Strata.Postgres",
        ["mysql"] = "Strata.MySql",
        ["mariadb"] = "Strata.MySql",
    };

    /// <summary>
    /// Registers <paramref name="provider"/> for each of its schemes that no provider serves yet, leaving earlier registrations in
    /// place. Strata's provider packages call it as they load, which is what makes their schemes work in native AOT applications,
    /// where a package cannot be loaded by name.
    /// </summary>
    /// <param name="provider">The provider.</param>
    public static void TryRegister(DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        foreach (var scheme in provider.Schemes) Registered.TryAdd(scheme, provider);
    }

    /// <summary>Registers <paramref name="provider"/> for each of its schemes, replacing any earlier one.</summary>
    /// <param name="provider">The provider.</param>
    public static void Register(DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        foreach (var scheme in provider.Schemes) Registered[scheme] = provider;
    }

    /// <summary>Whether <paramref name="scheme"/> is one Strata can open: one of its own providers' or a registered one's. Loads nothing.</summary>
    /// <param name="scheme">The URL scheme, without the colon.</param>
    public static bool IsKnownScheme(string scheme) =>
        scheme is not null && (KnownPackages.ContainsKey(scheme) || Registered.ContainsKey(scheme));

    /// <summary>Returns the provider for <paramref name="scheme"/>, loading Strata's provider package when it is referenced.</summary>
    /// <param name="scheme">The URL scheme.</param>
    /// <exception cref="DatabaseConfigurationException">The scheme is unknown, or its provider package is not referenced (the message names the package to add).</exception>
    public static DatabaseProvider Find(string scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return Registered.TryGetValue(scheme, out var provider) ? provider : LoadFromPackage(scheme, Assembly.Load);
    }

    /// <summary>Loads the provider package that serves <paramref name="scheme"/> through <paramref name="load"/>.</summary>
    internal static DatabaseProvider LoadFromPackage(string scheme, Func<AssemblyName, Assembly> load)
    {
        if (!KnownPackages.TryGetValue(scheme, out var package))
            throw new DatabaseConfigurationException(
                $"Unknown database scheme '{scheme}'. Strata knows sqlite, postgres, postgresql, cockroachdb, mysql and mariadb; other providers must be registered with DatabaseProviders.Register.");
        Assembly assembly;
        try
        {
            assembly = load(new AssemblyName(package));
        }
        catch (FileNotFoundException e) when (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            // Native AOT compiles in only the assemblies the application's code uses, and loads none by name.
            throw new DatabaseConfigurationException(
                $"The '{scheme}' scheme needs the {package} package, which native AOT applications register in code: reference {package} and call " +
                $"DatabaseProviders.Register(new {package}.{package["Strata.".Length..]}Provider()) before opening, or let Strata's source generator do it (see README, Native AOT).", e);
        }
        catch (FileNotFoundException e)
        {
            throw new DatabaseConfigurationException(
                $"The '{scheme}' scheme needs the {package} package, which is not referenced. Add it: dotnet add package {package}", e);
        }
        foreach (var attribute in assembly.GetCustomAttributes<StrataProviderAttribute>())
        {
            Register((DatabaseProvider)Activator.CreateInstance(attribute.ProviderType)!);
        }
        return Registered.TryGetValue(scheme, out var provider)
            ? provider
            : throw new DatabaseConfigurationException($"{package} is referenced but does not serve the '{scheme}' scheme; check that its version matches Strata's.");
    }
}
