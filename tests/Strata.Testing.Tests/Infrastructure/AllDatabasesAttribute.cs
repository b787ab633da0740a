using System.Reflection;
using Xunit.Sdk;

namespace Strata.Testing.Tests.Infrastructure;

/// <summary>Supplies each database as the first theory argument, leaving out those named in <c>STRATA_SKIP</c> (sqlite, postgres, mariadb).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllDatabasesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var skip = (Environment.GetEnvironmentVariable("STRATA_SKIP") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var db in Enum.GetValues<Db>())
        {
            if (!skip.Contains(db.ToString(), StringComparer.OrdinalIgnoreCase)) yield return [db];
        }
    }
}

/// <summary>Supplies only the server databases (PostgreSQL and MariaDB).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerDatabasesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        new AllDatabasesAttribute().GetData(testMethod).Where(row => (Db)row[0] != Db.Sqlite);
}
