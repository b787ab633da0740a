namespace Strata.Testing.Tests.Infrastructure;

/// <summary>The databases every test runs on. The name shows in each test's reported name.</summary>
public enum Db
{
    Sqlite,
    Postgres,
    MariaDb,
}
