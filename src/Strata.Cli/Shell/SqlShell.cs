using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;
using Strata.Scripts;

namespace Strata.Cli.Shell;

/// <summary>
/// The interactive SQL console of <c>strata db console</c>: statements end with <c>;</c> and may span lines; each runs on one
/// connection (a <see cref="ConnectionSession"/>), so <c>BEGIN</c> … <c>COMMIT</c> and session settings carry from one to the next;
/// results show as tables with their row count and time; Ctrl+C cancels the running statement, not the console.
/// </summary>
internal sealed partial class SqlShell(CliContext context, ConnectionSession session, IShellInput input)
{
    /// <summary>A word no statement ends with: what follows a complete statement's terminator when the text is split again.</summary>
    private const string Probe = "strata_console_probe";

    private readonly CliOutput _output = context.Output;
    private readonly MetaCommands _meta = new(session, context.Output);
    private Transaction? _transaction;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _output.Console.MarkupLine($"[grey]Connected to {Markup.Escape(context.Target.DisplayUrl)}. End statements with ';'. \\? for help, \\q to quit.[/]");
        var buffer = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var prompt = buffer.Length > 0 ? "   ...> " : _transaction is null ? "strata> " : "strata*> ";
            var line = input.ReadLine(prompt, out var interrupted);
            if (line is null) break;
            if (interrupted)
            {
                buffer.Clear();
                continue;
            }
            if (buffer.Length == 0)
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0) continue;
                if (trimmed is "exit" or "quit") break;
                if (trimmed[0] is '\\' or '.')
                {
                    input.Remember(trimmed);
                    if (!await MetaAsync(trimmed, cancellationToken).ConfigureAwait(false)) break;
                    continue;
                }
            }
            buffer.Append(line).Append('\n');
            var text = buffer.ToString();
            if (!IsComplete(text)) continue;
            buffer.Clear();
            input.Remember(text.Trim());
            foreach (var statement in SqlScript.Split(text, session.Dialect.LexicalRules))
                await RunStatementAsync(statement.Text, cancellationToken).ConfigureAwait(false);
        }
        if (buffer.ToString().Trim().Length > 0) _output.Warn("The last statement had no ';' and was not run.");
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            _output.Warn("The open transaction was rolled back.");
        }
        return ExitCodes.Success;
    }

    /// <summary>Whether the text ends with a terminator outside quotes, comments and blocks, by the dialect's own splitting rules.</summary>
    private bool IsComplete(string text)
    {
        var parts = SqlScript.Split(text + "\n" + Probe, session.Dialect.LexicalRules);
        return parts.Count > 1 && parts[^1].Text.Trim() == Probe;
    }

    private async Task<bool> MetaAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            return await _meta.RunAsync(line, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException e)
        {
            _output.Error(e.Message);
            return true;
        }
    }

    private async Task RunStatementAsync(string sql, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using (context.Interrupts.Take(() =>
        {
            running.Cancel();
            return true;
        }))
        {
            try
            {
                if (await TransactionControlAsync(sql, running.Token).ConfigureAwait(false)) return;
                RowsView view;
                await using (var reader = await session.QueryRowsAsync(Sql.Raw(sql), running.Token).ConfigureAwait(false))
                    view = await RowsView.ReadAsync(reader, running.Token).ConfigureAwait(false);
                if (view.HasResult) _output.Console.Write(view.ToTable());
                _output.Console.MarkupLine($"[grey]({Markup.Escape(view.Summary())}, {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms)[/]");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _output.Error("Statement cancelled.");
            }
            catch (DatabaseException e) when (running.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                _output.Error($"Statement cancelled ({e.Message})");
            }
            catch (DatabaseException e)
            {
                _output.Error(e.Message);
            }
            catch (Exception e) when (e is InvalidOperationException or MappingException or NotSupportedException)
            {
                _output.Error(e.Message);
            }
        }
    }

    /// <summary>BEGIN, COMMIT and ROLLBACK go through the session's transaction API, so Strata knows the transaction is open.</summary>
    private async Task<bool> TransactionControlAsync(string sql, CancellationToken cancellationToken)
    {
        var words = Spaces().Replace(sql.Trim(), " ").ToUpperInvariant();
        switch (words)
        {
            case "BEGIN" or "BEGIN TRANSACTION" or "BEGIN WORK" or "START TRANSACTION":
                if (_transaction is not null)
                {
                    _output.Warn("A transaction is already open: COMMIT or ROLLBACK it first.");
                    return true;
                }
                _transaction = await session.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _output.Console.MarkupLine("[grey]BEGIN[/]");
                return true;
            case "COMMIT" or "COMMIT WORK" or "COMMIT TRANSACTION" or "END" or "ROLLBACK" or "ROLLBACK WORK" or "ROLLBACK TRANSACTION" or "ABORT":
                if (_transaction is null)
                {
                    _output.Warn("No transaction is open.");
                    return true;
                }
                var transaction = _transaction;
                _transaction = null;
                await using (transaction.ConfigureAwait(false))
                {
                    var commit = words.StartsWith("COMMIT", StringComparison.Ordinal) || words == "END";
                    if (commit) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    else await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    _output.Console.MarkupLine(commit ? "[grey]COMMIT[/]" : "[grey]ROLLBACK[/]");
                }
                return true;
            default:
                return false;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
