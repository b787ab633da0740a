namespace Strata;

/// <summary>
/// Names the database a class works on when a container builds it: a repository registered with
/// <c>AddRepository</c> gets that database as its session. <c>[UseDatabase("analytics")] class EventRepository : Repository&lt;Event, long&gt;</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class UseDatabaseAttribute(string name) : Attribute
{
    /// <summary>The database's name, as configured (compared ignoring case).</summary>
    public string Name { get; } = name;
}
