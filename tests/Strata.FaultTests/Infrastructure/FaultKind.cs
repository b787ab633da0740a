namespace Strata.FaultTests.Infrastructure;

/// <summary>How <see cref="NthCommandFault"/> makes a command fail.</summary>
public enum FaultKind
{
    /// <summary>The server refuses the statement: its text is replaced by a query of a table that does not exist.</summary>
    ServerError,

    /// <summary>The command's connection is killed from another connection just before the command is sent (servers only).</summary>
    ConnectionKilled,
}
