using Microsoft.Data.Sqlite;
using Strata.Providers;
using Strata.Transfer;

namespace Strata.Sqlite;

/// <summary>SQLite's online backup API (<see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/>), page by page, while others keep using the file.</summary>
internal sealed class SqliteNativeBackup(string path) : NativeBackup
{
    public override Task BackupAsync(string file, CancellationToken cancellationToken) => CopyAsync(path, file, cancellationToken);

    public override Task RestoreAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new NativeToolException("sqlite backup", $"There is no backup '{file}' to restore.");
        return CopyAsync(file, path, cancellationToken);
    }

    private static async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = to, Pooling = false }.ConnectionString);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await target.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            source.BackupDatabase(target);
        }
        catch (SqliteException e)
        {
            throw new NativeToolException("sqlite backup", $"SQLite's backup from '{from}' to '{to}' failed: {e.Message}", e);
        }
    }
}
