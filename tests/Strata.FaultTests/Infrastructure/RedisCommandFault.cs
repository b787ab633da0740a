using StackExchange.Redis;
using Strata.Redis;

namespace Strata.FaultTests.Infrastructure;

/// <summary>How <see cref="RedisCommandFault"/> fails a command.</summary>
public enum RedisFaultKind
{
    /// <summary>
    /// The client library reports the connection closed as the command is sent (its own exception, thrown where it would be):
    /// deterministic, every N fails.
    /// </summary>
    ConnectionClosed,

    /// <summary>
    /// The store's connections are killed on the server (<c>CLIENT KILL</c>) just before the command: the real thing, but the
    /// store reconnects at once and most N are absorbed (a cut between commands is invisible, as it should be).
    /// </summary>
    ConnectionKilled,

    /// <summary>The connection is cut by a loopback proxy as the command is sent; the server never sees it.</summary>
    CutBeforeServer,

    /// <summary>The command reaches the server, which runs it and answers; the proxy drops the answer and cuts the connection.</summary>
    CutAfterServer,
}

/// <summary>
/// Counts the commands a <see cref="RedisStore"/> sends and fails command N (see <see cref="RedisFaultKind"/>); a kill is of
/// every client with the store's distinctive client name, from a connection of the test's own, so only the test's own clients
/// are touched on the shared server.
/// </summary>
public sealed class RedisCommandFault : IAsyncDisposable
{
    public const string Server = "127.0.0.1:6379";

    private readonly ConnectionMultiplexer _admin = ConnectionMultiplexer.Connect($"{Server},allowAdmin=true,abortConnect=false");
    private readonly string _prefix;
    private int _count;

    // The commands the scenarios send, as they appear in RESP (a bulk string's length line, then the name).
    private static readonly byte[][] Commands = [.. new[] { "EVALSHA", "EVAL", "HGETALL", "ZREM", "DEL" }.Select(c => System.Text.Encoding.ASCII.GetBytes($"${c.Length}\r\n{c}\r\n"))];
    private readonly CommitCuttingProxy? _proxy;

    public RedisCommandFault(string prefix, RedisFaultKind kind)
    {
        _prefix = prefix;
        Kind = kind;
        if (kind is RedisFaultKind.CutBeforeServer or RedisFaultKind.CutAfterServer) _proxy = new CommitCuttingProxy(6379, Commands);
        ClientName = "strata-fault-" + Guid.NewGuid().ToString("N")[..10];
        Store = Open();
    }

    /// <summary>How commands are failed.</summary>
    public RedisFaultKind Kind { get; }

    /// <summary>The store whose connections are killed; a new one after <see cref="ReopenAsync"/>.</summary>
    public RedisStore Store { get; private set; }

    /// <summary>The client name the store's connections carry.</summary>
    public string ClientName { get; }

    /// <summary>The command to fail, from 1; 0 fails none.</summary>
    public int FailAt { get; private set; }

    /// <summary>True once the connections were killed.</summary>
    public bool Fired { get; private set; }

    /// <summary>The operation that was failed and how many connections were killed before it, for messages.</summary>
    public string? FailedCommand { get; private set; }

    /// <summary>Starts counting from zero, failing command <paramref name="n"/> (0: none).</summary>
    public void Arm(int n)
    {
        FailAt = n;
        Fired = false;
        _proxy?.Disarm();
        FailedCommand = null;
        Volatile.Write(ref _count, 0);
    }

    /// <summary>
    /// Replaces the store by a newly opened one (the loop's next round starts from a working connection; the store's own
    /// reconnection takes about a second, which over every N would dominate the suite's time).
    /// </summary>
    public async Task<RedisStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
        for (var i = 0; i < 100 && !Store.IsConnected; i++) await Task.Delay(20);
        await Store.PingAsync();
        return Store;
    }

    private RedisStore Open()
    {
        var server = _proxy is null ? Server : $"127.0.0.1:{_proxy.Port}";
        var store = RedisStore.Open($"redis://{server}?prefix={_prefix}&client_name={ClientName}&command_timeout=2s");
        store.BeforeCommand = BeforeCommandAsync;
        return store;
    }

    /// <summary>A connection of the test's own to the same server, for checking what the store left (unprefixed keys).</summary>
    public StackExchange.Redis.IDatabase Admin => _admin.GetDatabase();

    /// <summary>The server through the test's own connection, for scanning keys.</summary>
    public IServer AdminServer => _admin.GetServer(Server);

    private async Task BeforeCommandAsync(string operation)
    {
        if (Interlocked.Increment(ref _count) != FailAt || Fired) return;
        Fired = true;
        if (Kind == RedisFaultKind.ConnectionClosed)
        {
            FailedCommand = operation;
            throw new RedisConnectionException(ConnectionFailureType.SocketClosed, $"injected: the connection closed as {operation} was sent");
        }
        if (_proxy is not null)
        {
            FailedCommand = $"{operation}, cut by the proxy";
            _proxy.Arm(Kind == RedisFaultKind.CutAfterServer ? CommitCut.AfterServer : CommitCut.BeforeServer);
            return;
        }
        var killed = 0;
        var list = (string?)await _admin.GetDatabase().ExecuteAsync("CLIENT", "LIST") ?? "";
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (fields.GetValueOrDefault("name") == ClientName)
            {
                await _admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "ID", fields["id"]);
                killed++;
            }
        }
        // The command goes once the store has seen its connection go (as it would after a cut it noticed), so that it meets the
        // broken connection instead of racing the store's notice of it; or after about 200 ms when the store does not notice
        // (the command then meets the dead socket, or a connection the store has opened again, and the fault is absorbed).
        var seen = false;
        for (var i = 0; i < 50 && !(seen = !Store.IsConnected); i++) await Task.Delay(1);
        FailedCommand = $"{operation}, {killed} connection(s) killed, {(seen ? "seen" : "not seen")} by the store";
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _admin.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
    }
}
