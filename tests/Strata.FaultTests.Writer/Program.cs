using Strata;

// Writes rows into a SQLite file until it is killed: each transaction inserts a numbered row (and a copy in a second table),
// and only after COMMIT returned is the number written to standard output, one per line. The crash test kills this process
// with SIGKILL and then checks that every number printed is in the file, with its copy.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Strata.FaultTests.Writer <sqlite file> <first number>");
    return 2;
}
await using var db = Database.Open("sqlite:" + args[0]);
var next = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
Console.Out.Flush();
using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
await stdout.WriteLineAsync("ready");
while (true)
{
    var n = next++;
    await db.TransactionAsync(async tx =>
    {
        await tx.ExecuteAsync($"INSERT INTO acked (n, payload) VALUES ({n}, {new string('x', 200 + (int)(n % 500))})");
        await tx.ExecuteAsync($"INSERT INTO acked_copy (n) VALUES ({n})");
    });
    // The dot ends a whole number: a line cut short by the kill has none and is not counted.
    await stdout.WriteLineAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
}
