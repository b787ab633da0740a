using System.Globalization;

namespace Strata.KeyValue.Internal;

/// <summary>
/// Finds which process holds RocksDB's <c>LOCK</c> file, for the error message: on Linux, the processes with a POSIX
/// lock in <c>/proc/locks</c> whose open files include it. Best effort: null where the information cannot be read.
/// </summary>
internal static class LockHolder
{
    public static (int Pid, string? Name)? Find(string lockFile)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var target = Path.GetFullPath(lockFile);
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                // "1: POSIX  ADVISORY  WRITE 12345 08:01:123456 0 EOF"
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || fields[1] != "POSIX" || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (!HasOpen(pid, target)) continue;
                var name = File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : null;
                return (pid, name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not allowed to look: the message goes without the holder.
        }
        return null;
    }

    private static bool HasOpen(int pid, string file)
    {
        var fds = $"/proc/{pid}/fd";
        if (!Directory.Exists(fds)) return false;
        try
        {
            return Directory.EnumerateFileSystemEntries(fds).Any(fd => new FileInfo(fd).LinkTarget == file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
