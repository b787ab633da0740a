using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Strata.Modules;

/// <summary>
/// Finds modules under the configured roots and orders them so that each comes after the modules it depends on. A
/// folder is a module when it holds a <c>module.json</c> or a <c>database/</c> folder; one that looks like a module
/// but cannot be used is reported as a warning (and left out, with the modules that depend on it), never skipped in silence.
/// </summary>
internal static partial class SchemaModuleDiscovery
{
    public static (IReadOnlyList<SchemaModule> Modules, IReadOnlyList<SchemaModuleWarning> Warnings) Discover(SchemaModuleOptions options, IReadOnlyList<string> tags)
    {
        var found = new List<SchemaModule>();
        var warnings = new List<SchemaModuleWarning>();
        var unusable = new Dictionary<string, SchemaModuleWarning>(StringComparer.Ordinal);
        foreach (var (files, folder, label) in options.Roots)
        {
            var root = folder.Trim('/');
            if (!files.GetDirectoryContents(root).Exists) throw new MigrationException($"The modules folder '{Join(label, root)}' does not exist.");
            Scan(new Root(files, root, label, tags), root, found, warnings, unusable);
        }
        foreach (var duplicate in found.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new MigrationException($"Two modules are named '{duplicate.Key}': at '{duplicate.First().Location}' and at '{duplicate.Skip(1).First().Location}'. Module names must be unique.");
        return (Order(found, warnings, unusable), warnings);
    }

    /// <summary>One configured root: its files, the folder modules live under, how it is named in messages, and the dialect's variant tags.</summary>
    private sealed record Root(IFileProvider Files, string Folder, string Label, IReadOnlyList<string> Tags);

    private static void Scan(Root root, string folder, List<SchemaModule> found, List<SchemaModuleWarning> warnings, Dictionary<string, SchemaModuleWarning> unusable)
    {
        var contents = root.Files.GetDirectoryContents(folder);
        var manifest = contents.FirstOrDefault(f => !f.IsDirectory && f.Name.Equals("module.json", StringComparison.OrdinalIgnoreCase));
        var database = contents.FirstOrDefault(f => f.IsDirectory && f.Name.Equals("database", StringComparison.OrdinalIgnoreCase));
        if (manifest is not null || database is not null)
        {
            var (module, warning) = Read(root, folder, manifest, database);
            if (module is not null) found.Add(module);
            if (warning is not null)
            {
                warnings.Add(warning);
                if (warning.Module is { } name) unusable[name] = warning;
            }
        }
        foreach (var child in contents.Where(f => f.IsDirectory && !f.Name.Equals("database", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Name, StringComparer.Ordinal))
            Scan(root, folder.Length == 0 ? child.Name : folder + "/" + child.Name, found, warnings, unusable);
    }

    /// <summary>The module in <paramref name="folder"/>, or the warning that says why it cannot be used.</summary>
    /// <exception cref="MigrationException">The manifest or a migration file is malformed (an author's mistake to fix, not a layout to skip).</exception>
    private static (SchemaModule? Module, SchemaModuleWarning? Warning) Read(Root root, string folder, IFileInfo? manifestFile, IFileInfo? databaseFolder)
    {
        var location = Location(root, folder, manifestFile ?? databaseFolder!);
        string? name = null, version = null;
        IReadOnlyList<string> dependsOn = [];
        if (manifestFile is not null)
            (name, version, dependsOn) = ParseManifest(manifestFile.PhysicalPath ?? Join(root.Label, folder + "/module.json"), ReadText(manifestFile));
        if (name is null)
        {
            // Without a name in a manifest, the folder's path under the root is the name: modules/core/auth → core/auth.
            var relative = root.Folder.Length == 0 ? folder : folder.Length > root.Folder.Length ? folder[(root.Folder.Length + 1)..] : "";
            if (relative.Length == 0)
                return (null, new SchemaModuleWarning(location, null,
                    $"The modules folder '{location}' is itself laid out as a module, so it has no path to name it: move it into a subfolder (modules/<name>/database/), or give it a \"name\" in module.json."));
            if (!ModuleName().IsMatch(relative))
                return (null, new SchemaModuleWarning(location, null,
                    $"The folder '{location}' looks like a module, but its path '{relative}' is not a module name: use letters, digits, '_', '-' and '.' in its folder names, or give it a \"name\" in module.json."));
            name = relative;
        }

        var databasePath = folder.Length == 0 ? "database" : folder + "/database";
        var schema = Variant(root, databasePath, "schema");
        var init = Variant(root, databasePath, "init");
        if (manifestFile is null && schema is null)
            return (null, new SchemaModuleWarning(location, name,
                $"The folder '{location}' has a database folder but no database/schema.sql{VariantNote(root)}, so it is not used as module '{name}': add schema.sql with its tables, " +
                "or a module.json beside the database folder to declare a module without tables."));

        var migrationsPath = databasePath + "/migrations";
        var migrationsFolder = root.Files.GetDirectoryContents(migrationsPath);
        IReadOnlyList<MigrationDefinition> migrations = [];
        if (migrationsFolder.Exists)
        {
            var badNames = migrationsFolder.Where(f => !f.IsDirectory && f.Name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && MigrationFileName.TryParse(f.Name) is null)
                .Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
            if (badNames.Count > 0)
                return (null, new SchemaModuleWarning(location, name,
                    $"Module '{name}' at '{location}' is not used: its migrations folder has {(badNames.Count == 1 ? "a file" : "files")} not named as a migration " +
                    $"({string.Join(", ", badNames)}). Rename {(badNames.Count == 1 ? "it" : "them")} as {MigrationFileName.Expected}, or move {(badNames.Count == 1 ? "it" : "them")} out of the folder."));
            var source = new FileMigrationSource(root.Files, migrationsPath, Join(root.Label, migrationsPath));
            migrations = [.. source.LoadVariants(root.Tags).Select(m => m.ForModule(name)).OrderBy(m => m.Version, MigrationVersion.Comparer)];
        }
        return (new SchemaModule(name, version, dependsOn, location, schema, init, migrations), null);
    }

    internal static (string? Name, string? Version, IReadOnlyList<string> DependsOn) ParseManifest(string path, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new MigrationException($"Module manifest '{path}' is not valid JSON at line {line}: {e.Message} Expected {Example}.", e)
            {
                File = path, Line = line,
            };
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Manifest(path, "must be a JSON object");
            var name = Text(root, "name", path);
            if (name is not null && !ModuleName().IsMatch(name))
                throw Manifest(path, $"has the name '{name}', which is not a module name: use letters, digits, '_', '-' and '.' in '/'-separated parts (core/auth)");
            var version = Text(root, "version", path);
            var dependsOn = new List<string>();
            if (Property(root, "dependsOn") is { } list)
            {
                if (list.ValueKind != JsonValueKind.Array) throw Manifest(path, "has a \"dependsOn\" that is not a list of module names");
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                        throw Manifest(path, "has a \"dependsOn\" entry that is not a module name");
                    dependsOn.Add(item.GetString()!);
                }
            }
            return (name, version, dependsOn);
        }
    }

    /// <summary>
    /// Dependencies first, otherwise by name. A module that depends on one left out with a warning is left out too, with
    /// its own warning; a dependency found nowhere, or a cycle, is an error naming the modules.
    /// </summary>
    private static List<SchemaModule> Order(List<SchemaModule> modules, List<SchemaModuleWarning> warnings, Dictionary<string, SchemaModuleWarning> unusable)
    {
        var byName = modules.ToDictionary(m => m.Name, StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var module in byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList())
            {
                var missing = module.DependsOn.FirstOrDefault(d => !byName.ContainsKey(d) && unusable.ContainsKey(d));
                if (missing is null) continue;
                var warning = new SchemaModuleWarning(module.Location, module.Name,
                    $"Module '{module.Name}' at '{module.Location}' is not used: it depends on '{missing}', which is not usable ({unusable[missing].Message})");
                warnings.Add(warning);
                unusable[module.Name] = warning;
                byName.Remove(module.Name);
                changed = true;
            }
        }
        foreach (var module in byName.Values)
        {
            foreach (var dependency in module.DependsOn.Where(d => !byName.ContainsKey(d)))
                throw new MigrationException(
                    $"Module '{module.Name}' depends on '{dependency}', which was not found. Found modules: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}.")
                {
                    File = module.Location,
                };
        }
        var ordered = new List<SchemaModule>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal);
        void Visit(SchemaModule module, Stack<string> path)
        {
            if (state.TryGetValue(module.Name, out var done))
            {
                if (done) return;
                var cycle = path.Reverse().SkipWhile(n => n != module.Name).Append(module.Name);
                throw new MigrationException($"Modules depend on each other in a cycle: {string.Join(" → ", cycle)}. Remove one of these dependencies.") { File = module.Location };
            }
            state[module.Name] = false;
            path.Push(module.Name);
            foreach (var dependency in module.DependsOn.Order(StringComparer.Ordinal)) Visit(byName[dependency], path);
            path.Pop();
            state[module.Name] = true;
            ordered.Add(module);
        }
        foreach (var module in byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal)) Visit(module, new Stack<string>());
        return ordered;
    }

    /// <summary>
    /// The file <c>{stem}.sql</c> of a module's database folder, or its variant for this database (<c>{stem}.postgres.sql</c>)
    /// when there is one; null when neither exists.
    /// </summary>
    private static SchemaModuleFile? Variant(Root root, string databasePath, string stem)
    {
        var contents = root.Files.GetDirectoryContents(databasePath);
        if (!contents.Exists) return null;
        var byName = contents.Where(f => !f.IsDirectory).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in root.Tags.Select(t => $"{stem}.{t}.sql").Append(stem + ".sql"))
        {
            if (byName.TryGetValue(candidate, out var file))
                return new SchemaModuleFile(file.PhysicalPath ?? Join(root.Label, databasePath + "/" + file.Name), ReadText(file));
        }
        return null;
    }

    private static string VariantNote(Root root) => root.Tags.Count == 0 ? "" : $" (nor schema.{root.Tags[0]}.sql)";

    private static string Location(Root root, string folder, IFileInfo file) =>
        file.PhysicalPath is { } path ? Path.GetDirectoryName(path)! : Join(root.Label, folder);

    private static string ReadText(IFileInfo file)
    {
        using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonElement? Property(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }

    private static string? Text(JsonElement root, string name, string path) => Property(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
        _ => throw Manifest(path, $"has a \"{name}\" that is not a non-empty string"),
    };

    private const string Example = "{\"name\": \"core/auth\", \"version\": \"1.0.0\", \"dependsOn\": [\"core/users\"]} (every key optional: the name defaults to the folder's path)";

    private static MigrationException Manifest(string path, string what) => new($"Module manifest '{path}' {what}. Expected {Example}.") { File = path };

    private static string Join(string label, string path) => path.Length == 0 ? label : label + "/" + path;

    [GeneratedRegex(@"^[A-Za-z0-9_\-.]+(/[A-Za-z0-9_\-.]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleName();
}
