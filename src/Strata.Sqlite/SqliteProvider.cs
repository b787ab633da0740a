using Strata.Providers;

[assembly: StrataProvider(typeof(Strata.Sqlite.SqliteProvider))]

namespace Strata.Sqlite;

/// <summary>Serves <c>sqlite:</c> URLs with Microsoft.Data.Sqlite.</summary>
public sealed class SqliteProvider : DatabaseProvider
{
    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes { get; } = ["sqlite"];

    /// <inheritdoc />
    public override DatabaseDriver CreateDriver(ConnectionSettings settings) => new SqliteDriver(settings);

    /// <inheritdoc />
    /// <remarks>The online backup API on the database file; an in-memory database has none to back up.</remarks>
    public override Strata.Transfer.NativeBackup? CreateNativeBackup(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.FilePath ?? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString ?? "").DataSource;
        if (string.IsNullOrEmpty(path) || settings.IsInMemory || path == ":memory:")
            throw new DatabaseConfigurationException("An in-memory SQLite database has no file to back up; give a file, e.g. sqlite:app.db.");
        return new SqliteNativeBackup(path);
    }
}
