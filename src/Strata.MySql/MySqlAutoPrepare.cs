using System.Collections.Concurrent;
using MySqlConnector;

namespace Strata.MySql;

/// <summary>
/// Picks the statements worth preparing on the server: a parameterised statement text from its second run on, up to
/// <see cref="MaxStatements"/> distinct texts per database. MySqlConnector keeps what it prepared per physical connection,
/// keyed by the text, until the connection closes or is reset, and answers a second <c>Prepare</c> of the same text from that
/// cache without a round trip; so a chosen statement costs one <c>COM_STMT_PREPARE</c> per pooled connection, and every later
/// run skips parsing on the server.
/// </summary>
/// <remarks>Thread-safe. The counts are approximate under contention, which only moves the moment a statement is chosen.</remarks>
internal sealed class MySqlAutoPrepare
{
    /// <summary>
    /// The most statements prepared per database, hence per connection, as Npgsql's <c>Max Auto Prepare</c> default in Strata.
    /// The server's <c>max_prepared_stmt_count</c> (16,382 by default) bounds them over all connections: 128 for each of
    /// MySqlConnector's default 100 pooled connections stays below it.
    /// </summary>
    public const int MaxStatements = 128;

    /// <summary>Texts counted but not chosen, at most; past it the counts of those not chosen start again from nothing.</summary>
    private const int MaxCandidates = 1024;

    /// <summary>MySQL's limit of placeholders in one prepared statement.</summary>
    private const int MaxPlaceholders = 65_535;

    private const int Chosen = -1;
    private const int Refused = -2;

    private readonly ConcurrentDictionary<string, int> _statements = new(StringComparer.Ordinal);
    private int _chosen;

    /// <summary>Prepares <paramref name="command"/> when its text was run before; nothing when it was not, or has no parameters.</summary>
    public ValueTask PrepareAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        var count = command.Parameters.Count;
        if (count == 0 || count > MaxPlaceholders) return default;
        var text = command.CommandText;
        if (!Choose(text)) return default;
        // Already prepared on this connection: MySqlConnector finds the text in its cache and returns a completed task.
        var prepare = command.PrepareAsync(cancellationToken);
        return prepare.IsCompletedSuccessfully ? default : new ValueTask(AwaitAsync(prepare, command, text));
    }

    private bool Choose(string text)
    {
        if (_statements.TryGetValue(text, out var state))
        {
            if (state < 0) return state == Chosen;
            if (Volatile.Read(ref _chosen) >= MaxStatements) return false;
            if (!_statements.TryUpdate(text, Chosen, state)) return _statements.TryGetValue(text, out state) && state == Chosen;
            if (Interlocked.Increment(ref _chosen) <= MaxStatements) return true;
            // Over the limit after all (another flow chose one meanwhile): give the place back.
            _statements[text] = 1;
            Interlocked.Decrement(ref _chosen);
            return false;
        }
        if (_statements.Count >= MaxCandidates) Forget();
        _statements.TryAdd(text, 1);
        return false;
    }

    /// <summary>Drops the texts not chosen (counted or refused), so that one-off statements do not fill the table.</summary>
    private void Forget()
    {
        foreach (var (text, state) in _statements)
        {
            if (state != Chosen) _statements.TryRemove(new KeyValuePair<string, int>(text, state));
        }
    }

    /// <summary>
    /// Waits for the prepare. A statement the server refuses to prepare runs as text, which reports its error if it has one, and
    /// is not prepared by itself again (until its count is dropped with the others not chosen): a statement the binary protocol
    /// does not take, a placeholder where the grammar wants a literal (<c>SHOW TABLES LIKE ?</c>), or a server that holds as
    /// many prepared statements as it allows (<c>max_prepared_stmt_count</c>), where trying again on every run would cost a
    /// round trip each time. A connection that broke meanwhile fails the command.
    /// </summary>
    private async Task AwaitAsync(Task prepare, MySqlCommand command, string text)
    {
        try
        {
            await prepare.ConfigureAwait(false);
        }
        catch (MySqlException e) when (!e.IsTransient && command.Connection is { State: System.Data.ConnectionState.Open })
        {
            if (_statements.TryUpdate(text, Refused, Chosen)) Interlocked.Decrement(ref _chosen);
        }
    }
}
