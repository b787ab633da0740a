using System.Reflection;
using Strata.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Supplies (database, fault) pairs: a server error on every database, and a killed connection on PostgreSQL and MariaDB
/// (SQLite has no connection to kill). Databases named in <c>STRATA_SKIP</c> are left out, as for <see cref="AllDatabasesAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FaultTargetsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var row in new AllDatabasesAttribute().GetData(testMethod))
        {
            var db = (Db)row[0];
            yield return [db, FaultKind.ServerError];
            if (db != Db.Sqlite) yield return [db, FaultKind.ConnectionKilled];
        }
    }
}
