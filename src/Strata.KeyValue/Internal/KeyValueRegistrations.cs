using Microsoft.Extensions.DependencyInjection;

namespace Strata.KeyValue.Internal;

/// <summary>One <c>AddKeyValueStore</c> call: the store's name, its URL from code, and the code that changes its options.</summary>
internal sealed record KeyValueRegistration(string Name, string? Url, Func<KeyValueOptions, KeyValueOptions>? Configure);

/// <summary>The key-value stores added to a service collection, in order (a singleton kept in the collection itself).</summary>
internal sealed class KeyValueRegistrations
{
    private readonly List<KeyValueRegistration> _all = [];

    public IEnumerable<string> Names => _all.Select(r => r.Name);

    /// <summary>The first store added: the plain <see cref="KeyValueStore"/> service.</summary>
    public string First => _all[0].Name;

    public static KeyValueRegistrations In(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(KeyValueRegistrations))?.ImplementationInstance is KeyValueRegistrations existing) return existing;
        var registrations = new KeyValueRegistrations();
        services.AddSingleton(registrations);
        return registrations;
    }

    public void Add(KeyValueRegistration registration)
    {
        if (_all.Any(r => r.Name.Equals(registration.Name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"A key-value store named '{registration.Name}' was already added.", nameof(registration));
        _all.Add(registration);
    }

    public KeyValueRegistration Get(string name) => _all.First(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
