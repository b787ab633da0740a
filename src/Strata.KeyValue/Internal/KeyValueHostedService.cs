using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Strata.KeyValue.Internal;

/// <summary>
/// Opens every registered key-value store when the host starts, so that a misconfigured, locked or damaged store stops
/// the start with its error instead of failing the first request, and applies the migrations of the stores set to
/// auto-migrate. The container closes the stores when it is disposed.
/// </summary>
internal sealed class KeyValueHostedService(IServiceProvider services, KeyValueRegistrations registrations) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = services.GetService<IConfiguration>();
        if (KeyValueSection.Unregistered(configuration, registrations.Names).FirstOrDefault() is { } orphan)
            throw new DatabaseConfigurationException(
                $"{KeyValueSection.Path}:{orphan} configures a key-value store that no AddKeyValueStore(\"{orphan}\") registers; the registered stores are {string.Join(", ", registrations.Names)}.");
        foreach (var name in registrations.Names)
        {
            var store = services.GetRequiredKeyedService<KeyValueStore>(name);
            if (KeyValueSection.AutoMigrate(configuration, name)) await store.Migrator.UpAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
