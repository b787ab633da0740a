using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Studio.Access;
using Strata.Studio.Data;
using Strata.Studio.Hosting;

namespace Strata.Studio;

/// <summary>
/// A running Strata Studio: Kestrel on 127.0.0.1 serving the pages for one database. Start it with <see cref="StartAsync"/>,
/// open <see cref="SignInUrl"/> in a browser, and dispose of it to stop.
/// </summary>
/// <remarks>
/// Every request must carry the session cookie that a one-time sign-in token is exchanged for, and a Host header naming
/// 127.0.0.1 or localhost with the studio's port. The connection string's password is never rendered.
/// </remarks>
public sealed class StudioHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StudioAccess _access;

    private StudioHost(WebApplication app, StudioAccess access, Uri address, string signInUrl)
    {
        _app = app;
        _access = access;
        Address = address;
        SignInUrl = signInUrl;
    }

    /// <summary>The studio's address, <c>http://127.0.0.1:port/</c>, without a token: opening it alone is refused.</summary>
    public Uri Address { get; }

    /// <summary>The address with the first one-time sign-in token: what <c>strata studio</c> prints.</summary>
    public string SignInUrl { get; }

    /// <summary>Issues another one-time sign-in address, for a second browser.</summary>
    public string CreateSignInUrl() => $"{Address}?{StudioAccess.TokenParameter}={_access.IssueToken()}";

    /// <summary>Starts the studio and returns once it is listening.</summary>
    /// <param name="options">The database and settings; validated first.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<StudioHost> StartAsync(StudioOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var access = new StudioAccess();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StudioHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton<StudioJobs>();
        builder.Services.AddSingleton<SqlHistory>();
        builder.Services.AddSingleton(EngineFacts.For(options.Database));
        builder.Services.AddScoped<StudioCatalog>();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = access.AntiforgeryCookieName;
            a.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            a.Cookie.HttpOnly = true;
            a.FormFieldName = "__studio_af";
        });
        builder.Services.AddRazorPages();

        var app = builder.Build();
        app.UseMiddleware<AccessMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.MapGet("/assets/{name}", StudioAssets.Serve);
        app.MapRazorPages();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        access.Port = new Uri(bound).Port;
        var address = new Uri($"http://127.0.0.1:{access.Port}/");
        return new StudioHost(app, access, address, $"{address}?{StudioAccess.TokenParameter}={access.IssueToken()}");
    }

    /// <summary>Waits until the studio stops or <paramref name="cancellationToken"/> is cancelled (Ctrl+C in the tool).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and waits for running requests; the database stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
