using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Redis.Tests.Infrastructure;

/// <summary>A redis-server of the test's own, on a free port, that the test may stop and start again (never the shared one).</summary>
public sealed class OwnRedisServer : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strata-redis-" + Guid.NewGuid().ToString("N")[..8]);

    private OwnRedisServer(int port) => Port = port;

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<OwnRedisServer> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new OwnRedisServer(port);
        Directory.CreateDirectory(server._dir);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        Run("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --daemonize yes --dir {_dir}");
        var watch = Stopwatch.StartNew();
        while (!Ping())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"redis-server did not start on port {Port}.");
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        Run("redis-cli", $"-p {Port} shutdown nosave");
        var watch = Stopwatch.StartNew();
        while (Ping())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"redis-server on port {Port} did not stop.");
            await Task.Delay(20);
        }
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (Ping()) await StopAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
