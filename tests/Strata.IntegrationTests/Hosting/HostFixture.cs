using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strata.Hosting;

namespace Strata.IntegrationTests.Hosting;

/// <summary>Builds a generic host from in-memory configuration, as an application's Program.cs would from appsettings.json.</summary>
internal static class TestHost
{
    public static IHost Build(IDictionary<string, string?> configuration, Action<IServiceCollection>? services = null, Action<StrataBuilder>? strata = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Path.GetTempPath(),
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddStrata(builder.Configuration, strata);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Starts the host; the error start-up failed with, flattened to one message, or null when it started.</summary>
    public static async Task<string?> StartErrorAsync(IHost host)
    {
        try
        {
            await host.StartAsync();
            return null;
        }
        catch (AggregateException e)
        {
            return string.Join(" | ", e.Flatten().InnerExceptions.Select(x => x.Message));
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>Stops and disposes the host (asynchronously: databases are only <see cref="IAsyncDisposable"/>).</summary>
    public static async Task StopAsync(IHost host, bool started = true)
    {
        try
        {
            if (started) await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }
}
