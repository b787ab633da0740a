using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>
/// The migration timeline (applied, pending, failed, changed) with each one's SQL and checksum; with writes allowed,
/// applying the pending ones or rolling back the last, behind a confirmation showing the plan, run as a background job.
/// </summary>
internal sealed class MigrationsModel(StudioOptions options, StudioJobs jobs) : PageModel
{
    /// <summary>The job whose progress the page follows.</summary>
    [BindProperty(SupportsGet = true)] public string? Job { get; set; }

    /// <summary>The plan was seen and confirmed.</summary>
    [BindProperty] public bool Confirmed { get; set; }

    public IReadOnlyList<MigrationStatus> Timeline { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> PendingSql { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>What a confirmation would run: "up" or "down", or null.</summary>
    public string? Confirming { get; private set; }

    public string? Error { get; private set; }

    public StudioJob? RunningJob => jobs.Find(Job);

    public StudioOptions Options => options;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The job's progress, as an HTML fragment that keeps polling while it runs.</summary>
    public IActionResult OnGetProgress() => RunningJob is { } job ? Partial("_JobProgress", job) : NotFound();

    public Task<IActionResult> OnPostUpAsync(CancellationToken cancellationToken) => StartAsync("up", cancellationToken);

    public Task<IActionResult> OnPostDownAsync(CancellationToken cancellationToken) => StartAsync("down", cancellationToken);

    private async Task<IActionResult> StartAsync(string direction, CancellationToken cancellationToken)
    {
        if (!options.AllowWrites) return StatusCode(403, "The studio is read-only; start it with --write to apply or roll back migrations.");
        if (!Confirmed)
        {
            Confirming = direction;
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return Page();
        }
        var migrator = options.Database.Migrator;
        try
        {
            var job = jobs.Start(direction == "up" ? "Apply pending migrations" : "Roll back the last migration", async job =>
            {
                void Started(object? sender, MigrationEventArgs e) => job.Report($"{e.Direction}: {e.Migration}…");
                void Completed(object? sender, MigrationEventArgs e) => job.Report($"{e.Direction}: {e.Migration} done");
                migrator.Started += Started;
                migrator.Completed += Completed;
                try
                {
                    var result = direction == "up" ? await migrator.UpAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false)
                        : await migrator.DownAsync(1, CancellationToken.None).ConfigureAwait(false);
                    job.Report(result.Steps.Count == 0 ? "Nothing to do." : $"{result.Steps.Count} migration(s) {(direction == "up" ? "applied" : "rolled back")}.");
                }
                finally
                {
                    migrator.Started -= Started;
                    migrator.Completed -= Completed;
                }
            });
            return Redirect($"/migrations?job={job.Id}");
        }
        catch (InvalidOperationException e)
        {
            Error = e.Message;
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var migrator = options.Database.Migrator;
            Timeline = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
            if (Timeline.Any(m => m.State == MigrationState.Pending))
            {
                var plan = await migrator.PlanAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                PendingSql = plan.Steps.ToDictionary(s => s.Migration.ToString(), s => s.Statements);
            }
        }
        catch (Exception e) when (e is MigrationException or DatabaseException or IOException)
        {
            Error = e.Message;
        }
    }

    /// <summary>The SQL of a migration: its planned statements when pending, else its file's text when it came from a file; null for code.</summary>
    public string? SqlOf(MigrationStatus status)
    {
        if (status.Migration is not { } migration) return null;
        if (PendingSql.TryGetValue(migration.ToString(), out var statements)) return string.Join(";\n\n", statements);
        return migration.Kind == MigrationKind.Sql && System.IO.File.Exists(migration.Source) ? System.IO.File.ReadAllText(migration.Source) : null;
    }
}
