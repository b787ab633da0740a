using Npgsql;
using Strata.Providers;
using Strata.Transfer;

namespace Strata.Postgres;

/// <summary><c>pg_dump -Fc</c> and <c>pg_restore --clean</c>, the password in <c>PGPASSWORD</c>.</summary>
internal sealed class PostgresNativeBackup : NativeBackup
{
    private readonly List<string> _connection;
    private readonly Dictionary<string, string> _environment = [];

    public PostgresNativeBackup(ConnectionSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString ?? "");
        var host = settings.Host ?? builder.Host ?? throw new DatabaseConfigurationException("No PostgreSQL host given for pg_dump: write postgres://user:password@host:5432/database.");
        var database = settings.Database ?? builder.Database ?? throw new DatabaseConfigurationException("No PostgreSQL database given for pg_dump: write postgres://user:password@host:5432/database.");
        _connection = ["-h", host, "-p", (settings.Port ?? builder.Port).ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", database];
        if ((settings.Username ?? builder.Username) is { } user) _connection.AddRange(["-U", user]);
        if ((settings.Password ?? builder.Password) is { } password) _environment["PGPASSWORD"] = password;
    }

    public override Task BackupAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", ["-Fc", "--no-password", "-f", file, .. _connection], _environment, null, cancellationToken);

    public override Task RestoreAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-password", .. _connection, file], _environment, null, cancellationToken);
}
