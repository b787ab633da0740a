using System.Text.RegularExpressions;

namespace Strata.KeyValue.Internal;

/// <summary>What a store's directory holds before RocksDB is asked to open it.</summary>
internal enum DirectoryState
{
    /// <summary>It does not exist.</summary>
    Missing,

    /// <summary>It is empty, or holds only what a creation that stopped early leaves (LOCK, LOG, IDENTITY, OPTIONS).</summary>
    Empty,

    /// <summary>It holds a RocksDB database (a <c>CURRENT</c> file).</summary>
    Existing,
}

/// <summary>
/// Looks at a store's directory before RocksDB opens it, so that a path that is a file, a directory of other files, or a
/// database whose <c>CURRENT</c> file is lost is refused with a clear error, instead of RocksDB creating a new
/// database there (which would write files among someone else's, or treat the old data files as obsolete).
/// </summary>
internal static partial class StoreDirectory
{
    public static DirectoryState Inspect(string path)
    {
        if (File.Exists(path))
            throw new KeyValueStoreAccessException(
                $"The key-value store path {path} is a file, not a directory: a store is a directory of RocksDB files. Give the path of a directory (it is created when missing). Nothing was changed.",
                path, null);
        if (!Directory.Exists(path)) return DirectoryState.Missing;
        string[] names;
        try
        {
            names = [.. Directory.EnumerateFileSystemEntries(path).Select(e => System.IO.Path.GetFileName(e))];
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new KeyValueStoreAccessException(
                $"The key-value store directory {path} cannot be read ({e.Message}). Give the process read and write access to it.", path, e);
        }
        if (names.Contains("CURRENT", StringComparer.Ordinal)) return DirectoryState.Existing;
        if (names.FirstOrDefault(n => DataFile().IsMatch(n)) is { } data)
            throw new KeyValueStoreCorruptedException(
                $"The key-value store directory {path} holds RocksDB data files ({data}) but no CURRENT file, which says which of them are live. " +
                "Strata did not open it, so nothing was changed or deleted: restore the directory from a backup, or run RocksDB's repair (ldb repair) on a copy.",
                path, null);
        if (names.FirstOrDefault(n => !Bookkeeping().IsMatch(n)) is { } other)
            throw new KeyValueStoreFormatException(
                $"The directory {path} holds files that are not a key-value store (such as '{other}'). Strata opens or creates a store only in an empty or new directory, " +
                "or one holding a store: choose another directory. Nothing was changed.",
                path, null);
        return DirectoryState.Empty;
    }

    // Files only RocksDB's data holds: table files, write-ahead logs, blob files and manifests.
    [GeneratedRegex(@"^(\d+\.(sst|log|blob)|MANIFEST-\d+)$")]
    private static partial Regex DataFile();

    // Files RocksDB writes before CURRENT when it creates a database.
    [GeneratedRegex(@"^(LOCK|LOG|LOG\.old\.\d+|IDENTITY|OPTIONS-\d+(\.dbtmp)?|\d+\.dbtmp)$")]
    private static partial Regex Bookkeeping();
}
