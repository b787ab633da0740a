namespace Strata.Replicas;

/// <summary>Where one command goes, decided before it leases a connection, and the write mark it ends when it is done.</summary>
/// <param name="Route">Primary, or a replica if one is healthy.</param>
/// <param name="Mark">The flow's read-your-writes mark for a write, or null.</param>
internal readonly record struct RouteDecision(CommandRoute Route, FlowMark? Mark)
{
    /// <summary>A read a replica may serve.</summary>
    public static RouteDecision ToReplica => new(CommandRoute.Replica, null);
}

/// <summary>Which server a command may use.</summary>
internal enum CommandRoute : byte
{
    /// <summary>The primary (or the session's own connection).</summary>
    Primary,
    /// <summary>A healthy replica in turn, else the primary.</summary>
    Replica,
}
