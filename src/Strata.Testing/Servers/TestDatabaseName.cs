using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Testing.Servers;

/// <summary>
/// Names of test databases (<c>{prefix}{machine}_{pid}_{process start}_{random}</c>): unique across threads, processes and
/// machines, and telling, after a killed run, whether the process that made a database is gone.
/// </summary>
internal static class TestDatabaseName
{
    private static readonly string Machine = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..6];

    private static readonly Lazy<(int Pid, long Start)> Self = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return (process.Id, StartOf(process));
    });

    /// <summary>A new name for a database owned by this process.</summary>
    public static string New(string prefix) => For(prefix, Self.Value.Pid, Self.Value.Start);

    /// <summary>A new name for a database owned by the process <paramref name="pid"/> of this machine, started at <paramref name="start"/> (Unix seconds).</summary>
    public static string For(string prefix, int pid, long start) =>
        $"{prefix}{Machine}_{pid.ToString(CultureInfo.InvariantCulture)}_{start.ToString("x", CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Whether <paramref name="name"/> is a test (or template) database whose process is gone: made on this machine by a process that no
    /// longer runs, or made elsewhere longer than <paramref name="staleAfter"/> ago. Names of another shape are never abandoned.
    /// </summary>
    public static bool IsAbandoned(string name, string prefix, TimeSpan staleAfter, DateTimeOffset now)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var parts = name[prefix.Length..].Split('_');
        // A template database carries its marker and hash in front: {prefix}tpl{hash}_{machine}_{pid}_{start}_{random}.
        if (parts.Length == 5 && parts[0].StartsWith(TemplateDatabases.Marker, StringComparison.Ordinal)) parts = parts[1..];
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start))
            return false;
        if (parts[0] != Machine) return now.ToUnixTimeSeconds() - start > staleAfter.TotalSeconds;
        return !IsRunning(pid, start);
    }

    private static bool IsRunning(int pid, long start)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A reused process id belongs to a process that started later.
            return Math.Abs(StartOf(process) - start) <= 2;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static long StartOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
}
