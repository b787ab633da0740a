namespace Strata.Replicas;

/// <summary>
/// The routing decisions the session methods make before they lease a connection, and the read-your-writes marks
/// they leave. Each call is cheap when the database has no replicas: one null check.
/// </summary>
/// <remarks>Stateless; the state lives in the database's <see cref="ReplicaSet"/>. Thread-safe.</remarks>
internal static class ReplicaRouting
{
    /// <summary>
    /// Decides where a command goes: a read (by <see cref="Dialects.SqlDialect.IsReadStatement"/>) outside a
    /// transaction may go to a replica unless the session is on the primary or the flow wrote a moment ago; anything
    /// else goes to the primary and, being a write, marks the flow. Must run in the public method's synchronous start,
    /// so that the mark lands in the caller's flow.
    /// </summary>
    /// <param name="session">The session the command runs through.</param>
    /// <param name="sql">The command.</param>
    /// <param name="reads">True for the query methods, whose SQL is checked; false for commands that always go to the primary.</param>
    public static RouteDecision Route(SessionBase session, Sql sql, bool reads)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (session.Owner.Replicas is not { } replicas) return default;
        var writes = replicas.ReadYourWrites;
        if (reads && session.Dialect.IsReadStatement(sql.TextFor(session.Dialect)))
        {
            writes?.Touch();
            return session.MayReadFromReplica && session.CurrentTransaction is null && writes?.IsSticky() != true ? RouteDecision.ToReplica : default;
        }
        return new RouteDecision(CommandRoute.Primary, writes?.BeginWrite());
    }

    /// <summary>Attaches a read-your-writes mark to the caller's flow, so that writes made deeper down are seen by its later reads.</summary>
    public static void Touch(Database database) => database.Replicas?.ReadYourWrites?.Touch();

    /// <summary>Starts a write in the caller's flow, or returns null when reads are not tracked.</summary>
    public static FlowMark? BeginWrite(Database database) => database.Replicas?.ReadYourWrites?.BeginWrite();

    /// <summary>Ends the write <paramref name="route"/> started, if it did.</summary>
    public static void EndWrite(Database database, in RouteDecision route)
    {
        if (route.Mark is { } mark) database.Replicas!.ReadYourWrites!.EndWrite(mark);
    }

    /// <summary><paramref name="write"/>, ending <paramref name="mark"/> when it completes.</summary>
    public static Task<T> AsWrite<T>(Database database, FlowMark? mark, Task<T> write) =>
        mark is null ? write : database.Replicas!.ReadYourWrites!.EndAfter(write, mark);
}
