using System.Reflection;
using Xunit.Sdk;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>Supplies every (source, target) pair of the databases <see cref="AllDatabasesAttribute"/> supplies, each to itself included.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabasePairsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var all = new AllDatabasesAttribute().GetData(testMethod).Select(row => (Db)row[0]).ToList();
        foreach (var source in all)
        {
            foreach (var target in all) yield return [source, target];
        }
    }
}
