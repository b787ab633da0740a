using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Strata.Modules;

/// <summary>Finds modules under the configured roots and orders them so that each comes after the modules it depends on.</summary>
internal static partial class SchemaModuleDiscovery
{
    public static IReadOnlyList<SchemaModule> Discover(SchemaModuleOptions options)
    {
        var found = new List<SchemaModule>();
        foreach (var (files, folder, label) in options.Roots) Scan(files, folder.Trim('/'), label, found);
        foreach (var duplicate in found.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new MigrationException($"Two modules are named '{duplicate.Key}': at '{duplicate.First().Location}' and at '{duplicate.Skip(1).First().Location}'. Module names must be unique.");
        return Order(found);
    }

    private static void Scan(IFileProvider files, string folder, string label, List<SchemaModule> found)
    {
        var contents = files.GetDirectoryContents(folder);
        if (!contents.Exists) throw new MigrationException($"The modules folder '{Join(label, folder)}' does not exist.");
        var manifest = contents.FirstOrDefault(f => !f.IsDirectory && f.Name.Equals("module.json", StringComparison.OrdinalIgnoreCase));
        if (manifest is not null) found.Add(Read(files, folder, label, manifest));
        foreach (var child in contents.Where(f => f.IsDirectory && !f.Name.Equals("database", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Name, StringComparer.Ordinal))
            Scan(files, folder.Length == 0 ? child.Name : folder + "/" + child.Name, label, found);
    }

    private static SchemaModule Read(IFileProvider files, string folder, string label, IFileInfo manifestFile)
    {
        var path = manifestFile.PhysicalPath ?? Join(label, folder + "/module.json");
        var (name, version, dependsOn) = ParseManifest(path, ReadText(manifestFile));
        var database = folder.Length == 0 ? "database" : folder + "/database";
        var location = manifestFile.PhysicalPath is { } p ? Path.GetDirectoryName(p)! : Join(label, folder);
        var migrationsFolder = database + "/migrations";
        var migrations = files.GetDirectoryContents(migrationsFolder).Exists
            ? new FileMigrationSource(files, migrationsFolder, Join(label, migrationsFolder)).Load().Select(m => m.ForModule(name)).OrderBy(m => m.Version, MigrationVersion.Comparer).ToList()
            : [];
        foreach (var duplicate in migrations.GroupBy(m => m.Version).Where(g => g.Count() > 1))
            throw new MigrationException($"Module '{name}' has two migrations with version {duplicate.Key}.") { Version = duplicate.Key };
        return new SchemaModule(name, version, dependsOn, location, File(files, database + "/schema.sql", label), File(files, database + "/init.sql", label), migrations);
    }

    internal static (string Name, string Version, IReadOnlyList<string> DependsOn) ParseManifest(string path, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new MigrationException($"Module manifest '{path}' is not valid JSON at line {line}: {e.Message} Expected {{\"name\": \"core/auth\", \"version\": \"1.0.0\", \"dependsOn\": [\"core/users\"]}}.", e)
            {
                File = path, Line = line,
            };
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Manifest(path, "must be a JSON object");
            var name = Text(root, "name", path) ?? throw Manifest(path, "has no \"name\"");
            if (!ModuleName().IsMatch(name))
                throw Manifest(path, $"has the name '{name}', which is not a module name: use letters, digits, '_', '-' and '.' in '/'-separated parts (core/auth)");
            var version = Text(root, "version", path) ?? throw Manifest(path, "has no \"version\"");
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

    /// <summary>Dependencies first, otherwise by name; a missing dependency or a cycle is an error naming the modules.</summary>
    private static List<SchemaModule> Order(List<SchemaModule> modules)
    {
        var byName = modules.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var module in modules)
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
        foreach (var module in modules.OrderBy(m => m.Name, StringComparer.Ordinal)) Visit(module, new Stack<string>());
        return ordered;
    }

    private static SchemaModuleFile? File(IFileProvider files, string path, string label)
    {
        var file = files.GetFileInfo(path);
        return file.Exists && !file.IsDirectory ? new SchemaModuleFile(file.PhysicalPath ?? Join(label, path), ReadText(file)) : null;
    }

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

    private static MigrationException Manifest(string path, string what) =>
        new($"Module manifest '{path}' {what}. Expected {{\"name\": \"core/auth\", \"version\": \"1.0.0\", \"dependsOn\": [\"core/users\"]}}.") { File = path };

    private static string Join(string label, string path) => path.Length == 0 ? label : label + "/" + path;

    [GeneratedRegex(@"^[A-Za-z0-9_\-.]+(/[A-Za-z0-9_\-.]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleName();
}
