// A migration runner in a process of its own, so tests can kill it (SIGKILL) in the middle of a migration.
// Arguments: <database url> <migrations folder> <history table>. Prints "migrating <version>" as each migration starts.
using Strata;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Strata.MigrationRunner <url> <folder> <history-table>");
    return 2;
}

var options = new MigrationOptions { HistoryTable = args[2] }.AddFolder(args[1]);
options.Progress = new Reporter();
await using var db = Database.Open(args[0]);
await new Migrator(db, options).UpAsync();
Console.WriteLine("done");
return 0;

internal sealed class Reporter : IProgress<MigrationProgress>
{
    public void Report(MigrationProgress value)
    {
        if (!value.Finished) Console.WriteLine($"migrating {value.Migration.Version}");
    }
}
