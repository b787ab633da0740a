using System.Data;
using System.Data.Common;
using System.Text;
using Strata.Errors;
using Strata.Transactions;

namespace Strata.Dialects;

/// <summary>
/// Everything that differs between databases, in one place per provider: quoting, parameter
/// style, capabilities, transactions and error translation. Core code asks the dialect; it never
/// asks which database it is talking to.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe.</remarks>
public abstract class SqlDialect
{
    /// <summary>The dialect's name as used in errors, logs and metrics (<c>postgresql</c>, <c>mysql</c>, <c>sqlite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The character that opens a quoted identifier.</summary>
    protected virtual char QuoteOpen => '"';

    /// <summary>The character that closes a quoted identifier (doubled inside a name).</summary>
    protected virtual char QuoteClose => '"';

    /// <summary>True when the database supports savepoints, so nested transactions work.</summary>
    public virtual bool SupportsSavepoints => true;

    /// <summary>True when <c>INSERT … RETURNING</c> is available.</summary>
    public virtual bool SupportsReturning => false;

    /// <summary>True when DDL statements can run inside a transaction and be rolled back.</summary>
    public virtual bool SupportsTransactionalDdl => false;

    /// <summary>The most parameters one command may carry.</summary>
    public virtual int MaxParameters => 32_767;

    /// <summary>
    /// The LIMIT text a SELECT needs before <c>OFFSET</c> when it has an offset but no limit (a
    /// "no limit" value such as <c>-1</c>), or null when <c>OFFSET</c> may stand alone.
    /// </summary>
    public virtual string? LimitForOffsetOnly => null;

    /// <summary>
    /// True when <c>SELECT … FOR UPDATE</c> row locks exist. When false, a query's <c>ForUpdate()</c>
    /// adds nothing: the database locks more coarsely on its own (SQLite's writing transaction holds
    /// the whole database).
    /// </summary>
    public virtual bool SupportsRowLocks => true;

    /// <summary>
    /// The dialect that renders a command holding several statements (<see cref="ISession.QueryMultipleAsync"/>):
    /// this one, unless its parameter style keeps the driver from running more than one statement per
    /// command, in which case a variant with a style that allows it. Used for placeholders and parameters only.
    /// </summary>
    public virtual SqlDialect MultipleStatementDialect => this;

    /// <summary>Appends <paramref name="identifier"/> quoted, each dot-separated part on its own.</summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="identifier">A validated identifier (see <see cref="SqlIdentifier"/>).</param>
    public virtual void AppendQuotedIdentifier(StringBuilder builder, string identifier)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(identifier);
        var start = 0;
        while (true)
        {
            var dot = identifier.IndexOf('.', start);
            var part = dot < 0 ? identifier.AsSpan(start) : identifier.AsSpan(start, dot - start);
            if (part is "*")
            {
                builder.Append('*');
            }
            else
            {
                builder.Append(QuoteOpen);
                foreach (var c in part)
                {
                    if (c == QuoteClose) builder.Append(QuoteClose);
                    builder.Append(c);
                }
                builder.Append(QuoteClose);
            }
            if (dot < 0) return;
            builder.Append('.');
            start = dot + 1;
        }
    }

    /// <summary>Returns <paramref name="identifier"/> quoted for this dialect.</summary>
    /// <param name="identifier">A validated identifier.</param>
    public string QuoteIdentifier(string identifier)
    {
        var builder = new StringBuilder(identifier.Length + 4);
        AppendQuotedIdentifier(builder, identifier);
        return builder.ToString();
    }

    /// <summary>Appends the placeholder for the parameter at <paramref name="index"/> (zero-based).</summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="index">The parameter's position.</param>
    public virtual void AppendParameterPlaceholder(StringBuilder builder, int index)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("@p").Append(index);
    }

    /// <summary>Adds the parameter at <paramref name="index"/> with <paramref name="value"/> to <paramref name="command"/>.</summary>
    /// <param name="command">The command being built.</param>
    /// <param name="index">The parameter's position, matching its placeholder.</param>
    /// <param name="value">The value, already normalised by core (enums converted); null means SQL NULL.</param>
    public virtual void AddParameter(DbCommand command, int index, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(index);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Sets a new value on an existing parameter of a prepared command.</summary>
    /// <param name="parameter">The parameter created by <see cref="AddParameter"/>.</param>
    /// <param name="value">The new value; null means SQL NULL.</param>
    public virtual void SetParameterValue(DbParameter parameter, object? value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Value = value ?? DBNull.Value;
    }

    /// <summary>The name given to the parameter at <paramref name="index"/> (matching its placeholder).</summary>
    /// <param name="index">The parameter's position.</param>
    protected virtual string ParameterName(int index) => ParameterNames.Get(index);

    /// <summary>
    /// Starts a transaction on <paramref name="connection"/> with the options' isolation level,
    /// read-only flag and mode.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="options">What kind of transaction.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public virtual async ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var transaction = await connection.BeginTransactionAsync(options.Isolation, cancellationToken).ConfigureAwait(false);
        if (options.ReadOnly)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SET TRANSACTION READ ONLY";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return transaction;
    }

    /// <summary>
    /// Translates a driver exception into a <see cref="DatabaseException"/>, or returns null when it
    /// is not a database error (argument errors, cancellation by the caller).
    /// </summary>
    /// <param name="exception">What the driver threw.</param>
    /// <param name="sql">The command text, when a command was running.</param>
    public abstract DatabaseException? TranslateException(Exception exception, string? sql);

    /// <summary>The isolation level used when the options leave it unspecified.</summary>
    public virtual IsolationLevel DefaultIsolation => IsolationLevel.Unspecified;
}
