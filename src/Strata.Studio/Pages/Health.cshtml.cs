using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Diagnostics;

namespace Strata.Studio.Pages;

/// <summary>Health: round trip, pool, replicas and the slowest statements; the panel reloads itself every few seconds.</summary>
internal sealed class HealthModel(StudioOptions options) : PageModel
{
    public DatabaseHealthReport? Report { get; private set; }

    public IReadOnlyList<Replicas.ReplicaStatus> Replicas { get; private set; } = [];

    public ServerStatementReport? Server { get; private set; }

    public IReadOnlyList<StatementStatistics> Strata { get; private set; } = [];

    public bool StatisticsOff { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The panel alone, for the page's refresh.</summary>
    public async Task<IActionResult> OnGetPanelAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Partial("_HealthPanel", this);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var database = options.Database;
        Report = await database.CheckHealthAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Replicas = database.GetReplicaStatus();
        try
        {
            Strata = database.GetStatistics().Slowest(10);
        }
        catch (InvalidOperationException)
        {
            StatisticsOff = true;   // DatabaseOptions.CollectStatistics is off
        }
        try
        {
            Server = await database.GetServerStatisticsAsync(10, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException e)
        {
            Server = ServerStatementReport.NotAvailable("server", e.Message);
        }
        At = options.Time.GetUtcNow();
    }
}
