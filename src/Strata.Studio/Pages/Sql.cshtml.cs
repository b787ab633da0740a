using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>The SQL editor: one statement at a time, its rows or its error, its plan on request, and this session's history.</summary>
internal sealed class SqlModel(StudioOptions options, EngineFacts facts, SqlHistory history) : PageModel
{
    /// <summary>The statement.</summary>
    [BindProperty(SupportsGet = true)] public string? Statement { get; set; }

    public SqlOutcome? Outcome { get; private set; }

    public SqlHistory History => history;

    public StudioOptions Options => options;

    public Task OnPostRunAsync(CancellationToken cancellationToken) => RunAsync(SqlAction.Run, cancellationToken);

    public Task OnPostExplainAsync(CancellationToken cancellationToken) => RunAsync(SqlAction.Explain, cancellationToken);

    public Task OnPostAnalyzeAsync(CancellationToken cancellationToken) => RunAsync(SqlAction.ExplainAnalyze, cancellationToken);

    private async Task RunAsync(SqlAction action, CancellationToken cancellationToken) =>
        Outcome = await new SqlRunner(options, facts, history).RunAsync(Statement ?? "", action, cancellationToken).ConfigureAwait(false);
}
