using System.Globalization;
using Strata.Schema.Introspection;

namespace Strata.Studio.Data;

/// <summary>A table's box in the diagram.</summary>
internal sealed record DiagramBox(TableSchema Table, double X, double Y, double Width, double Height)
{
    /// <summary>The y of the middle of row <paramref name="index"/> (0 is the first column).</summary>
    public double RowY(int index) => Y + DiagramLayout.HeaderHeight + (index + 0.5) * DiagramLayout.RowHeight;
}

/// <summary>A foreign key's line: an SVG path from the referencing column to the referenced table, and its description.</summary>
internal sealed record DiagramEdge(string Path, string Description);

/// <summary>
/// An entity-relationship diagram laid out on the server: tables in layers, each after the tables it references (so
/// lines run mostly left to right), ordered within a layer by where their references sit to keep crossings few.
/// </summary>
internal sealed record DiagramLayout(IReadOnlyList<DiagramBox> Boxes, IReadOnlyList<DiagramEdge> Edges, double Width, double Height)
{
    public const double HeaderHeight = 26;
    public const double RowHeight = 18;
    private const double CharWidth = 7.2;
    private const double GapX = 90;
    private const double GapY = 28;
    private const double Margin = 20;

    /// <summary>Lays out the tables of <paramref name="schema"/>.</summary>
    public static DiagramLayout Of(DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var tables = schema.Tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var layer = Layers(schema.Tables, tables);
        var boxes = new Dictionary<string, DiagramBox>(StringComparer.OrdinalIgnoreCase);
        var x = Margin;
        var height = 0.0;
        foreach (var group in schema.Tables.GroupBy(t => layer[t.Name]).OrderBy(g => g.Key))
        {
            // Order by the mean height of the tables referenced (already placed), then by name.
            var ordered = group.OrderBy(t => t.ForeignKeys.Select(f => boxes.GetValueOrDefault(f.ReferencedTable)?.Y).Where(y => y is not null).DefaultIfEmpty(double.MaxValue).Average())
                .ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
            var width = ordered.Max(BoxWidth);
            var y = Margin;
            foreach (var table in ordered)
            {
                var box = new DiagramBox(table, x, y, width, HeaderHeight + table.Columns.Count * RowHeight + 6);
                boxes[table.Name] = box;
                y += box.Height + GapY;
            }
            height = Math.Max(height, y);
            x += width + GapX;
        }
        var edges = new List<DiagramEdge>();
        foreach (var box in boxes.Values)
        {
            foreach (var key in box.Table.ForeignKeys)
            {
                if (!boxes.TryGetValue(key.ReferencedTable, out var target)) continue;
                var row = Math.Max(0, box.Table.Columns.ToList().FindIndex(c => key.Columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)));
                edges.Add(new DiagramEdge(Curve(box, box.RowY(row), target), $"{box.Table.Name}.{string.Join(", ", key.Columns)} references {target.Table.Name}.{string.Join(", ", key.ReferencedColumns)}"));
            }
        }
        return new DiagramLayout([.. boxes.Values], edges, Math.Max(x - GapX + Margin, 200), Math.Max(height, 100));
    }

    private static double BoxWidth(TableSchema table) =>
        Math.Max(table.Name.Length * (CharWidth + 1), table.Columns.Select(c => c.Name.Length + c.DatabaseType.Length + 4).DefaultIfEmpty(10).Max() * CharWidth) + 24;

    /// <summary>Each table's layer: one more than the deepest table it references; cycles and self-references are cut.</summary>
    private static Dictionary<string, int> Layers(IReadOnlyList<TableSchema> all, Dictionary<string, TableSchema> byName)
    {
        var layer = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int Of(TableSchema table)
        {
            if (layer.TryGetValue(table.Name, out var known)) return known;
            if (!visiting.Add(table.Name)) return 0;
            var depth = table.ForeignKeys
                .Where(f => !string.Equals(f.ReferencedTable, table.Name, StringComparison.OrdinalIgnoreCase) && byName.ContainsKey(f.ReferencedTable))
                .Select(f => Of(byName[f.ReferencedTable]) + 1).DefaultIfEmpty(0).Max();
            visiting.Remove(table.Name);
            return layer[table.Name] = depth;
        }
        foreach (var table in all) Of(table);
        return layer;
    }

    /// <summary>A curve from the left edge of the referencing row to the right edge of the referenced table's header (or a loop for a self-reference).</summary>
    private static string Curve(DiagramBox from, double fromY, DiagramBox to)
    {
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var toY = to.Y + HeaderHeight / 2;
        if (ReferenceEquals(from, to))
            return $"M{N(from.X + from.Width)},{N(fromY)} C{N(from.X + from.Width + 40)},{N(fromY)} {N(from.X + from.Width + 40)},{N(toY)} {N(from.X + from.Width)},{N(toY)}";
        var (startX, endX) = from.X > to.X ? (from.X, to.X + to.Width) : (from.X + from.Width, to.X);
        var bend = Math.Max(30, Math.Abs(startX - endX) / 2);
        var sign = startX > endX ? -1 : 1;
        return $"M{N(startX)},{N(fromY)} C{N(startX + sign * bend)},{N(fromY)} {N(endX - sign * bend)},{N(toY)} {N(endX)},{N(toY)}";
    }
}
