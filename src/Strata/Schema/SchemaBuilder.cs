namespace Strata.Schema;

/// <summary>
/// Builds and runs DDL for one session (<c>db.Schema</c> or <c>tx.Schema</c>), compiled by the
/// session's dialect, and reads the schema back (<c>IntrospectAsync</c>).
/// </summary>
/// <remarks>Cheap to create; holds no state besides the session, so it is as thread-safe as the session.</remarks>
public sealed partial class SchemaBuilder
{
    internal SchemaBuilder(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
    }

    /// <summary>The session statements run through.</summary>
    public ISession Session { get; }
}
