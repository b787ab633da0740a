using System.Globalization;
using Spectre.Console;
using Strata.Schema.Introspection;

namespace Strata.Cli.Shell;

/// <summary>The console's own commands, the same on every database: <c>\dt</c>/<c>.tables</c>, <c>\d T</c>/<c>.schema T</c>, <c>\?</c>, <c>\q</c>.</summary>
internal sealed class MetaCommands(IDbSession session, CliOutput output)
{
    public const string Help = """
        Statements end with ';' and may span lines. BEGIN / COMMIT / ROLLBACK keep a transaction on this connection.
          \dt  or .tables        list the tables and views
          \d T or .schema T      describe table T: columns, keys, indexes, foreign keys
          \?   or .help          this help
          \q   or .quit, .exit   leave (Ctrl+D too); Ctrl+C cancels the running statement or the line being typed
        """;

    /// <summary>Runs a meta command; false when it asks to leave.</summary>
    public async Task<bool> RunAsync(string line, CancellationToken cancellationToken)
    {
        var parts = line.Trim().TrimEnd(';').Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = parts.Length > 1 ? parts[1] : null;
        switch (parts[0])
        {
            case @"\q" or ".quit" or ".exit" or ".q":
                return false;
            case @"\?" or ".help" or @"\h":
                output.Console.WriteLine(Help);
                return true;
            case @"\dt" or ".tables":
                await TablesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case @"\d" or ".schema" when argument is null:
                await TablesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case @"\d" or ".schema":
                await DescribeAsync(argument!, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                output.Error($"Unknown command {parts[0]}: \\? lists the console's commands.");
                return true;
        }
    }

    private async Task TablesAsync(CancellationToken cancellationToken)
    {
        var schema = await session.Schema.IntrospectAsync(cancellationToken).ConfigureAwait(false);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn("Kind").AddColumn(new TableColumn("Columns").RightAligned());
        foreach (var t in schema.Tables) table.AddRow(Markup.Escape(t.Name), "table", t.Columns.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var v in schema.Views) table.AddRow(Markup.Escape(v.Name), "view", v.Columns.Count.ToString(CultureInfo.InvariantCulture));
        output.Console.Write(table);
        output.Console.MarkupLine($"[grey]{schema.Tables.Count} table{(schema.Tables.Count == 1 ? "" : "s")}, {schema.Views.Count} view{(schema.Views.Count == 1 ? "" : "s")}[/]");
    }

    private async Task DescribeAsync(string name, CancellationToken cancellationToken)
    {
        TableSchema? found;
        try
        {
            found = await session.Schema.IntrospectTableAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            found = null;
        }
        if (found is null)
        {
            var view = (await session.Schema.IntrospectAsync(cancellationToken).ConfigureAwait(false)).Views
                .FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
            if (view is null)
            {
                output.Error($"No table or view named '{name}': \\dt lists them.");
                return;
            }
            output.Console.Write(Columns(view.Columns, null));
            if (view.Definition is not null) output.Console.MarkupLine($"[grey]view: {Markup.Escape(view.Definition.Trim())}[/]");
            return;
        }
        output.Console.Write(Columns(found.Columns, found.PrimaryKey));
        foreach (var index in found.Indexes)
            output.Console.MarkupLine($"  [grey]{(index.IsUnique ? "unique index" : "index")}[/] {Markup.Escape(index.Name)} ({Markup.Escape(string.Join(", ", index.Columns))}){(index.Filter is null ? "" : Markup.Escape($" WHERE {index.Filter}"))}");
        foreach (var key in found.ForeignKeys)
            output.Console.MarkupLine($"  [grey]foreign key[/] {Markup.Escape(key.Name ?? "")} ({Markup.Escape(string.Join(", ", key.Columns))}) → {Markup.Escape(key.ReferencedTable)} ({Markup.Escape(string.Join(", ", key.ReferencedColumns))})");
        foreach (var check in found.CheckConstraints)
            output.Console.MarkupLine($"  [grey]check[/] {Markup.Escape(check.Name ?? "")} {Markup.Escape(check.Expression)}");
    }

    private static Table Columns(IReadOnlyList<ColumnSchema> columns, PrimaryKeySchema? key)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Column").AddColumn("Type").AddColumn("Null").AddColumn("Default").AddColumn("Key");
        foreach (var c in columns)
        {
            table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.DatabaseType), c.IsNullable ? "yes" : "no", Markup.Escape(c.DefaultSql ?? ""),
                (key?.Columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase) == true ? "primary" : "") + (c.IsAutoIncrement ? " auto" : ""));
        }
        return table;
    }
}
