using Strata;
using Strata.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Strata's databases to the health-check stack: <c>services.AddHealthChecks().AddStrata()</c>.</summary>
public static class StrataHealthChecksBuilderExtensions
{
    /// <summary>
    /// Registers one health check per Strata database, named <c>&lt;prefix&gt;&lt;database&gt;</c>: reachability and round
    /// trip, pool statistics, pending or failed migrations (degraded). The data holds no secrets.
    /// </summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="options">Thresholds; <see cref="DatabaseHealthOptions.Default"/> when null.</param>
    /// <param name="namePrefix">Put before each database's name to name its check.</param>
    /// <param name="tags">Tags for filtering the checks (e.g. <c>ready</c>).</param>
    /// <param name="failureStatus">Reported for an unreachable database; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <remarks>The databases are the ones <c>AddStrata</c> registers, whether it is called before or after this.</remarks>
    public static IHealthChecksBuilder AddStrata(this IHealthChecksBuilder builder, DatabaseHealthOptions? options = null, string namePrefix = "strata:",
        IEnumerable<string>? tags = null, HealthStatus? failureStatus = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToArray() ?? [];
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            foreach (var name in sp.GetRequiredService<StrataRegistry>().Names)
            {
                o.Registrations.Add(new HealthCheckRegistration(namePrefix + name,
                    s => new StrataHealthCheck(s.GetRequiredService<DatabaseManager>(), name, options), failureStatus, tagList));
            }
        }));
        return builder;
    }
}

/// <summary>The health of one database, from <see cref="DatabaseHealthExtensions.CheckHealthAsync(IDatabase, DatabaseHealthOptions?, CancellationToken)"/>.</summary>
internal sealed class StrataHealthCheck(DatabaseManager databases, string name, DatabaseHealthOptions? options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await databases.Get(name).CheckHealthAsync(options, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(report.ToData()) { ["database"] = name };
        if (report.Problems.Count > 0) data["problems"] = string.Join("; ", report.Problems);
        return report.Status switch
        {
            DatabaseHealthStatus.Healthy => HealthCheckResult.Healthy(report.Description, data),
            DatabaseHealthStatus.Degraded => HealthCheckResult.Degraded(report.Description, null, data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, report.Description, report.Error, data),
        };
    }
}
