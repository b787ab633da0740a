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
}
