using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strata.FaultTests.Infrastructure;

/// <summary>Where <see cref="CommitCuttingProxy"/> cuts the connection that sends COMMIT.</summary>
public enum CommitCut
{
    /// <summary>COMMIT never reaches the server: the transaction is rolled back when the server sees the connection close.</summary>
    BeforeServer,

    /// <summary>COMMIT reaches the server, which commits and answers; the answer is dropped and the connection closed.</summary>
    AfterServer,
}

/// <summary>
/// A loopback TCP proxy to a database server that passes everything through until <see cref="Arm"/> is called; then the next
/// client packet holding <c>COMMIT</c> (or one of the byte strings given to the constructor) has its connection cut at the chosen point. Reading the wire protocol is not needed:
/// the statement's text travels as plain bytes in PostgreSQL's Query message and MySQL's COM_QUERY packet.
/// </summary>
public sealed class CommitCuttingProxy : IAsyncDisposable
{
    // PostgreSQL's Query message ends its text with NUL ("READ COMMITTED" in a BEGIN does not match); MySQL's COM_QUERY
    // packet starts its text after the command byte 3.
    private static readonly byte[][] Commits =
        [Encoding.ASCII.GetBytes("COMMIT\0"), Encoding.ASCII.GetBytes("commit\0"), Encoding.ASCII.GetBytes("\u0003COMMIT"), Encoding.ASCII.GetBytes("\u0003commit")];
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private int _armed = -1;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    /// <summary>What the proxy did at each cut, for failure messages.</summary>
    public string Log => string.Join("; ", _log);
    private int _cuts;

    private readonly byte[][] _patterns;

    /// <summary>Starts the proxy.</summary>
    /// <param name="upstreamPort">The server's port on loopback.</param>
    /// <param name="patterns">What a client packet must hold to be cut; COMMIT as PostgreSQL and MySQL send it when null.</param>
    public CommitCuttingProxy(int upstreamPort, byte[][]? patterns = null)
    {
        _upstreamPort = upstreamPort;
        _patterns = patterns ?? Commits;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Cuts the connection of the next COMMIT, once.</summary>
    public void Arm(CommitCut cut) => Volatile.Write(ref _armed, (int)cut);

    /// <summary>Cuts nothing more (an arm no packet has matched yet is dropped).</summary>
    public void Disarm() => Volatile.Write(ref _armed, -1);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort);
            client.NoDelay = upstream.NoDelay = true;
            lock (_pumps) _pumps.Add(RelayAsync(client, upstream));
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient upstream)
    {
        using (client)
        using (upstream)
        {
            var replies = new Replies();
            var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), replies);
            var buffer = new byte[64 * 1024];
            var fromClient = client.GetStream();
            var toServer = upstream.GetStream();
            try
            {
                while (true)
                {
                    var read = await fromClient.ReadAsync(buffer, _stop.Token);
                    if (read == 0) break;
                    var chunk = buffer.AsMemory(0, read);
                    if (Volatile.Read(ref _armed) >= 0 && HoldsCommit(chunk.Span) && Interlocked.Exchange(ref _armed, -1) is var armed and >= 0)
                    {
                        var cut = (CommitCut)armed;
                        Interlocked.Increment(ref _cuts);
                        _log.Enqueue($"cut {cut} at a {read}-byte packet: {Printable(chunk.Span)}");
                        if (cut == CommitCut.AfterServer)
                        {
                            // The server gets COMMIT and answers; the answer is dropped, then the client's connection is cut.
                            replies.Drop = true;
                            await toServer.WriteAsync(chunk, _stop.Token);
                            var answered = await Task.WhenAny(replies.Answered.Task, Task.Delay(TimeSpan.FromSeconds(5))) == replies.Answered.Task;
                            _log.Enqueue(answered ? "the server's answer was dropped" : "no answer from the server within 5 s");
                        }
                        client.Client.Close(0);
                        upstream.Client.Close(0);
                        return;
                    }
                    await toServer.WriteAsync(chunk, _stop.Token);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Whether the server's answers are passed on, and a signal for the first one dropped.</summary>
    private sealed class Replies
    {
        public volatile bool Drop;
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Replies replies)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                if (replies.Drop)
                {
                    replies.Answered.TrySetResult();
                    continue;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    private static string Printable(ReadOnlySpan<byte> chunk) =>
        new(Encoding.ASCII.GetString(chunk[..Math.Min(chunk.Length, 80)]).Select(c => c is >= ' ' and <= '~' ? c : '.').ToArray());

    private bool HoldsCommit(ReadOnlySpan<byte> chunk)
    {
        foreach (var commit in _patterns)
            if (chunk.IndexOf(commit) >= 0) return true;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { });
        Task[] pumps;
        lock (_pumps) pumps = [.. _pumps];
        await Task.WhenAll(pumps).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _stop.Dispose();
    }
}
