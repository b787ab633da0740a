using Spectre.Console;
using Strata.Transfer;

namespace Strata.Cli.Commands.Db;

/// <summary>The table (or JSON) that <c>db dump</c> and <c>db restore</c> end with: each table's rows and checksum.</summary>
internal static class TransferSummary
{
    public static void Write(CliOutput output, IReadOnlyList<TransferTableSummary> tables, string done)
    {
        if (output.Json)
        {
            output.WriteJson(new { tables = tables.Select(t => new { table = t.Table, rows = t.Rows, sha256 = t.Checksum }) });
            return;
        }
        var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows").RightAligned()).AddColumn("sha256");
        foreach (var t in tables) table.AddRow(Markup.Escape(t.Table), t.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), t.Checksum[..16] + "…");
        if (tables.Count > 0) output.Write(table);
        output.Done($"{done}: {tables.Count} table{(tables.Count == 1 ? "" : "s")}, {tables.Sum(t => t.Rows):N0} rows.");
    }
}
