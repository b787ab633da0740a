using System.Text;
using MySqlConnector;
using Strata.Providers;
using Strata.Transfer;

namespace Strata.MySql;

/// <summary>
/// <c>mariadb-dump --single-transaction</c> (or <c>mysqldump</c>) and the <c>mariadb</c> (or <c>mysql</c>) client; the
/// credentials go in a temporary option file readable only by its owner (<c>--defaults-extra-file</c>), deleted afterwards.
/// </summary>
internal sealed class MySqlNativeBackup : NativeBackup
{
    private readonly string _options;
    private readonly string _database;

    public MySqlNativeBackup(ConnectionSettings settings)
    {
        var builder = new MySqlConnectionStringBuilder(settings.ConnectionString ?? "");
        var host = settings.Host ?? (string.IsNullOrEmpty(builder.Server) ? null : builder.Server)
            ?? throw new DatabaseConfigurationException("No MySQL host given for mariadb-dump: write mysql://user:password@host:3306/database.");
        _database = settings.Database ?? (string.IsNullOrEmpty(builder.Database) ? null : builder.Database)
            ?? throw new DatabaseConfigurationException("No MySQL database given for mariadb-dump: write mysql://user:password@host:3306/database.");
        var text = new StringBuilder("[client]\n");
        text.Append("host=").Append(Quote(host)).Append('\n');
        text.Append("port=").Append(settings.Port ?? (int)builder.Port).Append('\n');
        if ((settings.Username ?? builder.UserID) is { Length: > 0 } user) text.Append("user=").Append(Quote(user)).Append('\n');
        if ((settings.Password ?? builder.Password) is { Length: > 0 } password) text.Append("password=").Append(Quote(password)).Append('\n');
        _options = text.ToString();
    }

    public override Task BackupAsync(string file, CancellationToken cancellationToken) =>
        WithOptionFileAsync(options => RunFirstAsync(["mariadb-dump", "mysqldump"],
            [$"--defaults-extra-file={options}", "--single-transaction", "--routines", "--triggers", $"--result-file={file}", _database], null, cancellationToken));

    public override Task RestoreAsync(string file, CancellationToken cancellationToken) =>
        WithOptionFileAsync(options => RunFirstAsync(["mariadb", "mysql"], [$"--defaults-extra-file={options}", _database], file, cancellationToken));

    private async Task WithOptionFileAsync(Func<string, Task> run)
    {
        var path = Path.Combine(Path.GetTempPath(), $"strata-{Guid.NewGuid():N}.cnf");
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var stream = new FileStream(path, create))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(_options)).ConfigureAwait(false);
            }
            await run(path).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs the first of the tools that is installed (MariaDB's names first, then MySQL's).</summary>
    private static async Task RunFirstAsync(string[] tools, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await RunAsync(tools[i], arguments, new Dictionary<string, string>(), input, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NativeToolException e) when (e.InnerException is System.ComponentModel.Win32Exception && i < tools.Length - 1)
            {
            }
        }
    }

    /// <summary>An option-file value in double quotes, with backslashes and quotes escaped.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
