namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Tests that restore into the suite's MariaDB run one at a time: a staged restore begins by dropping the staging tables a
/// killed restore left behind, which would include those of a restore running beside it in the same database.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StagedRestoreCollection
{
    public const string Name = "Restores into one MariaDB database";
}
