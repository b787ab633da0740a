using System.Data.Common;

namespace Strata.Diagnostics;

/// <summary>A command passing through the pipeline, as interceptors see it.</summary>
public sealed class CommandContext
{
    internal CommandContext(DbCommand command, string dialect, CommandKind kind)
    {
        Command = command;
        Dialect = dialect;
        Kind = kind;
    }

    /// <summary>The driver command: its text and parameters may be changed before it runs.</summary>
    public DbCommand Command { get; }

    /// <summary>The dialect name (<c>postgresql</c>, <c>mysql</c>, <c>sqlite</c>).</summary>
    public string Dialect { get; }

    /// <summary>What kind of call sent the command.</summary>
    public CommandKind Kind { get; }

    /// <summary>How long the command took; set for the after and failed hooks.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>The translated failure; set for the failed hook.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>
    /// For a statement of a bulk insert (<see cref="Kind"/> is <see cref="CommandKind.BulkInsert"/>): its table, columns and
    /// row count. Null for every other command.
    /// </summary>
    public BulkInsertStatement? BulkInsert { get; internal init; }
}

/// <summary>What kind of call sent a command.</summary>
public enum CommandKind
{
    /// <summary>Rows read into a list or a single row.</summary>
    Query,
    /// <summary>A statement whose affected-row count is returned.</summary>
    Execute,
    /// <summary>One value read.</summary>
    Scalar,
    /// <summary>Rows streamed while the reader stays open.</summary>
    Stream,
    /// <summary>Several result sets read in turn.</summary>
    Multiple,
    /// <summary>A run of a prepared statement.</summary>
    Prepared,
    /// <summary>
    /// A statement of a bulk insert (<see cref="IDbSession.BulkInsertAsync(string, IReadOnlyList{string}, IEnumerable{object?[]}, BulkInsertOptions?, CancellationToken)"/>):
    /// PostgreSQL's COPY, MySQL's LOAD DATA, each multi-row INSERT of a batched insert, or SQLite's prepared INSERT (once for all
    /// its rows). <see cref="CommandContext.BulkInsert"/> says what it writes. Logged and measured once for the whole insert.
    /// </summary>
    BulkInsert,
}
