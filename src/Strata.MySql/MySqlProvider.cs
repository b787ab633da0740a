using Strata.Providers;

[assembly: StrataProvider(typeof(Strata.MySql.MySqlProvider))]

namespace Strata.MySql;

/// <summary>Serves <c>mysql://</c> and <c>mariadb://</c> URLs with MySqlConnector.</summary>
public sealed class MySqlProvider : DatabaseProvider
{
    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes { get; } = ["mysql", "mariadb"];

    /// <inheritdoc />
    public override DatabaseDriver CreateDriver(ConnectionSettings settings) => new MySqlDriver(settings);

    /// <inheritdoc />
    public override Strata.Transfer.NativeBackup? CreateNativeBackup(ConnectionSettings settings) => new MySqlNativeBackup(settings);
}
