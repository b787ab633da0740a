namespace Strata.Plugins.Audit;

/// <summary>Who is making a change, for the audit rows (an application's current user, from its request or job).</summary>
public interface IAuditContext
{
    /// <summary>The user's id or name, or null when no user is known.</summary>
    string? UserId { get; }
}
