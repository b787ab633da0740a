using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Strata.Cli;

/// <summary>The rows of one statement, read and shown as a table, JSON or CSV (the console and <c>db query</c> share it).</summary>
internal sealed record RowsView(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RecordsAffected)
{
    /// <summary>At most this many rows go into a table on screen; the rest are counted.</summary>
    public const int MaxTableRows = 10_000;

    /// <summary>The statement returned a result set (even an empty one), rather than only changing rows.</summary>
    public bool HasResult => Columns.Count > 0;

    public static async Task<RowsView> ReadAsync(RowReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader[i];
            rows.Add(row);
        }
        return new RowsView(reader.Columns, rows, reader.RecordsAffected);
    }

    public Table ToTable()
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in Columns) table.AddColumn(Markup.Escape(column));
        foreach (var row in Rows.Take(MaxTableRows))
            table.AddRow(row.Select(v => v is null ? "[grey]NULL[/]" : Markup.Escape(Text(v))).ToArray());
        return table;
    }

    /// <summary>"3 rows" or "2 rows affected", for under a result.</summary>
    public string Summary()
    {
        if (!HasResult) return RecordsAffected >= 0 ? $"{RecordsAffected} row{(RecordsAffected == 1 ? "" : "s")} affected" : "done";
        var shown = Rows.Count > MaxTableRows ? $", the first {MaxTableRows:N0} shown" : "";
        return $"{Rows.Count} row{(Rows.Count == 1 ? "" : "s")}{shown}";
    }

    /// <summary>Each row as an object of column → value (numbers, strings, booleans and null as JSON has them).</summary>
    public IEnumerable<Dictionary<string, object?>> ToObjects() =>
        Rows.Select(row =>
        {
            var item = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < Columns.Count; i++) item[Columns[i]] = row[i] is byte[] or DateOnly or TimeOnly or TimeSpan ? Text(row[i]!) : row[i];
            return item;
        });

    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Csv)).Append('\n');
        foreach (var row in Rows) text.AppendJoin(',', row.Select(v => v is null ? "" : Csv(Text(v)))).Append('\n');
        return text.ToString();
    }

    /// <summary>A value as text the same way everywhere: invariant numbers, ISO dates, hex bytes.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
