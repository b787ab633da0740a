using StackExchange.Redis;
using Strata.Redis;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Counts the commands a <see cref="RedisStore"/> sends and, just before command N, kills the store's connections from a
/// connection of its own (<c>CLIENT KILL ID</c> of every client with the store's distinctive client name), as a network cut
/// or a server restart would. Only the test's own clients are killed; the shared server is otherwise untouched.
/// </summary>
public sealed class RedisCommandFault : IAsyncDisposable
{
    public const string Server = "127.0.0.1:6379";

    private readonly ConnectionMultiplexer _admin = ConnectionMultiplexer.Connect($"{Server},allowAdmin=true,abortConnect=false");
    private int _count;

    public RedisCommandFault(string prefix)
    {
        ClientName = "strata-fault-" + Guid.NewGuid().ToString("N")[..10];
        Store = RedisStore.Open($"redis://{Server}?prefix={prefix}&client_name={ClientName}&command_timeout=2s");
        Store.BeforeCommand = BeforeCommandAsync;
    }

    /// <summary>The store whose connections are killed.</summary>
    public RedisStore Store { get; }

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
        FailedCommand = null;
        Volatile.Write(ref _count, 0);
    }

    /// <summary>Waits until the store has reconnected (the loop's next round must start from a working connection).</summary>
    public async Task WaitConnectedAsync()
    {
        for (var i = 0; i < 100 && !Store.IsConnected; i++) await Task.Delay(50);
        if (!Store.IsConnected) throw new Xunit.Sdk.XunitException($"the store did not reconnect to {Server} within 5 s");
        // A command through the store proves the connection works, not only that it is marked open.
        for (var i = 0; ; i++)
        {
            try
            {
                await Store.PingAsync();
                return;
            }
            catch (DatabaseException) when (i < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A connection of the test's own to the same server, for checking what the store left (unprefixed keys).</summary>
    public StackExchange.Redis.IDatabase Admin => _admin.GetDatabase();

    private async Task BeforeCommandAsync(string operation)
    {
        if (Interlocked.Increment(ref _count) != FailAt || Fired) return;
        Fired = true;
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
        // broken connection instead of racing the store's notice of it.
        var seen = false;
        for (var i = 0; i < 500 && !(seen = !Store.IsConnected); i++) await Task.Delay(1);
        FailedCommand = $"{operation}, {killed} connection(s) killed, {(seen ? "seen" : "not seen")} by the store";
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _admin.DisposeAsync();
    }
}
