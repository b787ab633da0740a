namespace Strata.Testing.Servers;

/// <summary>Temporary SQLite files for test databases, in <c>{temp}/strata-testing</c>; a killed run's are deleted at the next start.</summary>
internal static class SqliteTestFiles
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-testing");
        Directory.CreateDirectory(folder);
        return folder;
    });

    private static int _swept;

    /// <summary>A new file path, after sweeping the folder once per process.</summary>
    public static string NewFile(TestDatabaseOptions options)
    {
        if (Interlocked.Exchange(ref _swept, 1) == 0) Sweep(options);
        return Path.Combine(Folder.Value, TestDatabaseName.New(options.NamePrefix) + ".db");
    }

    /// <summary>Deletes the files whose processes are gone; returns them.</summary>
    public static IReadOnlyList<string> Sweep(TestDatabaseOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var deleted = new List<string>();
        foreach (var file in Directory.GetFiles(Folder.Value, options.NamePrefix + "*.db"))
        {
            if (!TestDatabaseName.IsAbandoned(Path.GetFileNameWithoutExtension(file), options.NamePrefix, options.StaleAfter, now)) continue;
            Delete(file);
            deleted.Add(file);
        }
        return deleted;
    }

    /// <summary>Deletes a database file with its journal files; one still open elsewhere is left.</summary>
    public static void Delete(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }
}
