using System.Collections.Concurrent;
using System.Data.Common;
using MySqlConnector;
using Npgsql;
using Strata.Diagnostics;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Counts the commands Strata sends and fails the one numbered <see cref="FailAt"/> (from 1) the way a real failure would:
/// the server refuses it, or its connection dies (<see cref="FaultKind"/>). Also records the server's id of every
/// connection a command ran on (PostgreSQL's backend pid, MariaDB's thread id), so a test can ask the server about them.
/// </summary>
public sealed class NthCommandFault(FaultKind kind, string adminUrl) : ICommandInterceptor, IAsyncDisposable
{
    private readonly Lazy<Database> _admin = new(() => Database.Open(adminUrl));

    /// <summary>A table no test creates: a statement reading it fails on every database with the server's own error.</summary>
    public const string MissingTable = "strata_fault_injected_missing";

    private int _count;
    private int _fired;

    /// <summary>The command to fail, counting from 1; 0 (the default) fails none.</summary>
    public int FailAt { get; private set; }

    /// <summary>Commands counted since <see cref="Arm"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True once the fault was injected.</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <summary>The text of the command that was failed, for the failure message.</summary>
    public string? FailedCommand { get; private set; }

    /// <summary>Server ids of the connections commands ran on.</summary>
    public ConcurrentDictionary<long, byte> Sessions { get; } = new();

    /// <summary>Starts counting from zero, failing command <paramref name="n"/> (0: none).</summary>
    public void Arm(int n)
    {
        FailAt = n;
        FailedCommand = null;
        // A new run's sessions only: the server reuses ids of sessions that ended, perhaps for another client.
        if (n > 0) Sessions.Clear();
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _fired, 0);
    }

    public async ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        if (ServerId(command.Connection) is { } id) Sessions.TryAdd(id, 0);
        var n = Interlocked.Increment(ref _count);
        if (n != FailAt || Interlocked.Exchange(ref _fired, 1) == 1) return;
        FailedCommand = command.CommandText;
        if (kind == FaultKind.ServerError || command.Connection is null || ServerId(command.Connection) is not { } victim)
        {
            command.Parameters.Clear();
            // Npgsql checks that a binary import is a COPY before sending it: that one is pointed at the missing table instead.
            command.CommandText = command.CommandText.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase)
                ? $"COPY {MissingTable} (name) FROM STDIN (FORMAT BINARY)"
                : $"SELECT * FROM {MissingTable}";
            return;
        }
        await KillAsync(_admin.Value, victim, command.Connection);
    }

    /// <summary>The server's id for <paramref name="connection"/>'s session, or null for SQLite.</summary>
    public static long? ServerId(DbConnection? connection) => connection switch
    {
        NpgsqlConnection { State: System.Data.ConnectionState.Open } pg => pg.ProcessID,
        MySqlConnection { State: System.Data.ConnectionState.Open } my => my.ServerThread,
        _ => null,
    };

    /// <summary>Ends the session <paramref name="victim"/> from a connection of its own, and waits until it is gone.</summary>
    public static async Task KillAsync(Database admin, long victim, DbConnection connection)
    {
        if (connection is NpgsqlConnection)
            await admin.ExecuteAsync($"SELECT pg_terminate_backend({(int)victim}, 5000)");
        else
            await admin.ExecuteRawAsync("KILL ?", victim);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin.IsValueCreated) await _admin.Value.DisposeAsync();
    }
}
