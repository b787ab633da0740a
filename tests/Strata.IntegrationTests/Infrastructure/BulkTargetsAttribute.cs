using System.Reflection;
using Xunit.Sdk;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// Every database for a bulk-insert theory, as (<see cref="Db"/>, bulk copy): MariaDB twice, with multi-row INSERT and with
/// <c>allow_load_local_infile=true</c> (LOAD DATA LOCAL INFILE), so that both of its paths meet every behaviour.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BulkTargetsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var row in new AllDatabasesAttribute().GetData(testMethod))
        {
            yield return [row[0], false];
            if ((Db)row[0] == Db.MariaDb) yield return [row[0], true];
        }
    }

    /// <summary>Opens the database, with local files allowed when <paramref name="bulkCopy"/> asks for LOAD DATA.</summary>
    public static Task<SchemaScope> OpenAsync(Db db, bool bulkCopy, Action<DatabaseOptions>? configure = null) =>
        SchemaScope.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // bulk tests write entities into tables with snake_case columns
            if (bulkCopy) o.Url += (o.Url!.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "allow_load_local_infile=true";
            configure?.Invoke(o);
        });
}
