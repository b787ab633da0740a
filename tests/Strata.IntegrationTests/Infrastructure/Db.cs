namespace Strata.IntegrationTests.Infrastructure;

/// <summary>The databases every behaviour test runs on. The name shows in each test's reported name.</summary>
public enum Db
{
    Sqlite,
    Postgres,
    MariaDb,
}
