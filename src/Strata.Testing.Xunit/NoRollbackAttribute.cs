namespace Strata.Testing;

/// <summary>
/// Opts a test of a <see cref="DatabaseTest{TFixture}"/> class out of the rollback: its writes are committed (for code that
/// must commit, such as a test of two connections seeing each other's writes), and the class's database is reset afterwards
/// (<see cref="TestDatabase.ResetAsync"/>: every table emptied, the seeds run again) so the next test starts clean.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class NoRollbackAttribute : Attribute
{
}
