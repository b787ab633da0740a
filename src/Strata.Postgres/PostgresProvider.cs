using Strata.Providers;

[assembly: StrataProvider(typeof(Strata.Postgres.PostgresProvider))]

namespace Strata.Postgres;

/// <summary>Serves <c>postgres://</c>, <c>postgresql://</c> and <c>cockroachdb://</c> URLs with Npgsql.</summary>
public sealed class PostgresProvider : DatabaseProvider
{
    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes { get; } = ["postgres", "postgresql", "cockroachdb"];

    /// <inheritdoc />
    public override DatabaseDriver CreateDriver(ConnectionSettings settings) => new PostgresDriver(settings);

    /// <inheritdoc />
    public override Strata.Transfer.NativeBackup? CreateNativeBackup(ConnectionSettings settings) => new PostgresNativeBackup(settings);
}
