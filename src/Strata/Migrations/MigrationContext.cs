using Microsoft.Extensions.Logging;
using Strata.Dialects;
using Strata.Schema;

namespace Strata;

/// <summary>What a C# migration works with: the session to run through, its schema builder, and who it is.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(IDbSession session, MigrationDefinition migration, ILogger logger)
    {
        Session = session;
        Migration = migration;
        Logger = logger;
    }

    /// <summary>The session: the migration's transaction unless it opted out, or a recording session during a dry run.</summary>
    public IDbSession Session { get; }

    /// <summary>The schema builder on <see cref="Session"/>.</summary>
    public SchemaBuilder Schema => Session.Schema;

    /// <summary>The dialect of the database being migrated.</summary>
    public SqlDialect Dialect => Session.Dialect;

    /// <summary>The migration being run.</summary>
    public MigrationDefinition Migration { get; }

    /// <summary>A logger for the migration's own messages.</summary>
    public ILogger Logger { get; }
}
