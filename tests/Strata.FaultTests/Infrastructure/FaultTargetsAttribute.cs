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
    /// <summary>
    /// Whether killed connections are supplied too (the default); off for loops whose killed-connection path another loop
    /// already covers, to keep the suite within its time. <c>STRATA_FAULT_EVERY_KIND=1</c> (scripts/soak.sh) supplies them anyway.
    /// </summary>
    public bool Kills { get; set; } = true;

    private static readonly bool EveryKind = Environment.GetEnvironmentVariable("STRATA_FAULT_EVERY_KIND") == "1";

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var row in new AllDatabasesAttribute().GetData(testMethod))
        {
            var db = (Db)row[0];
            yield return [db, FaultKind.ServerError];
            if (db != Db.Sqlite && (Kills || EveryKind)) yield return [db, FaultKind.ConnectionKilled];
        }
    }
}
