using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Strata.KeyValue.Internal;

/// <summary>A key-value store's health, from <see cref="KeyValueStore.CheckHealthAsync"/>, for the health-check stack.</summary>
internal sealed class KeyValueHealthCheck(KeyValueStore store, DatabaseHealthOptions? options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await store.CheckHealthAsync(options, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(report.ToData());
        if (report.Problems.Count > 0) data["problems"] = string.Join("; ", report.Problems);
        return report.Status switch
        {
            DatabaseHealthStatus.Healthy => HealthCheckResult.Healthy(report.Description, data),
            DatabaseHealthStatus.Degraded => HealthCheckResult.Degraded(report.Description, null, data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, report.Description, report.Error, data),
        };
    }
}
