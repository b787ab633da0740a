using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

/// <summary>
/// Permissions do not apply to root, which these tests usually run as: the store is opened by a child process running as
/// the user nobody (setpriv, see <see cref="Child.Start"/>); when the tests are not root, the child runs as their user.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class PermissionTests
{
    [Fact]
    public async Task A_store_in_a_directory_the_process_cannot_write_is_refused_and_left_alone()
    {
        using var temp = new TempDirectory();
        var directory = temp.Sub("kv");
        await using (var store = KeyValueStore.Open("rocksdb:" + directory)) await store.PutAsync("k", [1]);
        MakeReadOnlyForOthers(temp.Root, directory);
        var before = TempDirectory.Snapshot(directory);

        string output;
        try
        {
            output = await Child.RunAsync("open", directory, asNonRoot: true);
        }
        finally
        {
            Restore(directory);
        }

        var lines = output.Split('\n', 2);
        Assert.True(lines[0] == nameof(KeyValueStoreAccessException), output);
        Assert.Contains(directory, lines[1]);
        Assert.Contains("write access", lines[1]);
        TempDirectory.AssertUnchanged(before, directory);
    }

    [Fact]
    public async Task A_new_store_under_a_directory_the_process_cannot_write_is_refused()
    {
        using var temp = new TempDirectory();
        var parent = temp.Sub("readonly");
        Directory.CreateDirectory(parent);
        MakeReadOnlyForOthers(temp.Root, parent);
        var directory = Path.Combine(parent, "kv");

        string output;
        try
        {
            output = await Child.RunAsync("open", directory, asNonRoot: true);
        }
        finally
        {
            Restore(parent);
        }

        Assert.True(output.StartsWith(nameof(KeyValueStoreAccessException), StringComparison.Ordinal), output);
        Assert.False(Directory.Exists(directory));
    }

    /// <summary>
    /// Lets every user reach and read <paramref name="directory"/> (and the folders above it up to <paramref name="root"/>) but
    /// not write it: others never could; the owner cannot either when the tests are not root (root ignores the modes).
    /// </summary>
    private static void MakeReadOnlyForOthers(string root, string directory)
    {
        const UnixFileMode Reachable = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        for (var d = Path.GetDirectoryName(directory)!; d.Length >= Path.GetDirectoryName(root)!.Length; d = Path.GetDirectoryName(d)!)
            File.SetUnixFileMode(d, File.GetUnixFileMode(d) | Reachable);
        foreach (var file in Directory.EnumerateFiles(directory)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(directory, Reachable);
    }

    /// <summary>Gives the owner write access back, so the temporary directory can be deleted when the tests are not root.</summary>
    private static void Restore(string directory)
    {
        if (Directory.Exists(directory)) File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserWrite);
    }
}
