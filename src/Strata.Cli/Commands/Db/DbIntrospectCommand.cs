using System.CommandLine;
using Strata.Cli.CodeGen;


namespace Strata.Cli.Commands.Db;

/// <summary><c>strata db introspect</c>: C# types from the live schema.</summary>
internal sealed class DbIntrospectCommand : CliCommand
{
    private readonly Option<string?> _out = new("--out", "-o") { Description = "The folder to write one file per type into; standard output when left out." };
    private readonly Option<string> _namespace = new("--namespace", "-n") { Description = "The namespace of the types.", DefaultValueFactory = _ => "App.Data" };
    private readonly Option<bool> _models = new("--models") { Description = "Model<T> classes, with BelongsTo/HasMany relations from the foreign keys." };
    private readonly Option<bool> _records = new("--records") { Description = "Records with init-only properties." };
    private readonly Option<bool> _repositories = new("--repositories") { Description = "Classes and a Repository<T, TKey> for each." };
    private readonly Option<string[]> _tables = new("--table", "-t") { Description = "Only these tables (repeatable)." };
    private readonly Option<bool> _exact = new("--exact") { Description = "Name columns as the properties are named (NamingConvention.Exact) rather than snake_case." };

    public override string Path => "db introspect";

    public override string Description => "Write C# types for the tables of the live schema: columns with their types and nullability, keys, [Table]/[Column] where names differ, relations from foreign keys.";

    public override IReadOnlyList<string> Examples => ["db introspect", "db introspect --out Data --namespace MyApp.Data --models", "db introspect -t orders -t customers --records"];

    public override void Configure(Command command)
    {
        foreach (var option in new Option[] { _out, _namespace, _models, _records, _repositories, _tables, _exact }) command.Options.Add(option);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var styles = new[] { (context.Get(_models), EntityStyle.Models), (context.Get(_records), EntityStyle.Records), (context.Get(_repositories), EntityStyle.Repositories) }
            .Where(s => s.Item1).Select(s => s.Item2).ToList();
        if (styles.Count > 1) throw new UsageException("Give one of --models, --records and --repositories.");
        var ns = CSharpNames.Namespace(context.Get(_namespace)!);
        var database = await context.OpenAsync(cancellationToken).ConfigureAwait(false);
        var schema = await context.Output.StatusAsync("Reading the schema", () => database.Schema.IntrospectAsync(cancellationToken)).ConfigureAwait(false);
        var only = context.Get(_tables) ?? [];
        if (only.Length > 0)
        {
            var missing = only.Where(t => schema.FindTable(t) is null).ToList();
            if (missing.Count > 0) throw new CliFailure($"No table named {string.Join(", ", missing.Select(m => $"'{m}'"))}; the tables are {string.Join(", ", schema.Tables.Select(t => t.Name))}.");
            schema = schema with { Tables = [.. schema.Tables.Where(t => only.Contains(t.Name, StringComparer.OrdinalIgnoreCase))] };
        }
        var convention = context.Get(_exact) ? NamingConvention.Exact : NamingConvention.SnakeCase;
        var files = new EntityGenerator(schema, ns, styles.FirstOrDefault(EntityStyle.Classes), convention).Generate();
        var folder = context.Get(_out);
        if (folder is null)
        {
            if (context.Output.Json) context.Output.WriteJson(files.Select(f => new { file = f.Name, text = f.Text }));
            else foreach (var file in files) context.Environment.Out.Write(file.Text + "\n");
            return ExitCodes.Success;
        }
        var full = context.Environment.FullPath(folder);
        Directory.CreateDirectory(full);
        foreach (var file in files) await File.WriteAllTextAsync(System.IO.Path.Combine(full, file.Name), file.Text, cancellationToken).ConfigureAwait(false);
        if (context.Output.Json) context.Output.WriteJson(new { folder = full, files = files.Select(f => f.Name) });
        else context.Output.Done($"Wrote {files.Count} file{(files.Count == 1 ? "" : "s")} for {schema.Tables.Count} table{(schema.Tables.Count == 1 ? "" : "s")} into {full}.");
        return ExitCodes.Success;
    }
}
