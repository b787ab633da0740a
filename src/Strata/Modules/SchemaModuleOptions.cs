using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Strata.Modules;

/// <summary>Where module folders are found (<see cref="DatabaseOptions.Modules"/>): folders on disk, or files embedded in assemblies.</summary>
public sealed class SchemaModuleOptions
{
    /// <summary>The roots to scan: each file provider with the folder in it under which modules live.</summary>
    public IList<(IFileProvider Files, string Folder, string Label)> Roots { get; } = [];

    /// <summary>The table that records which modules are initialized.</summary>
    public string VersionsTable { get; set; } = "strata_schema_versions";

    /// <summary>Adds a folder on disk whose subfolders (at any depth) with a <c>database/</c> folder or a <c>module.json</c> are modules, named by their path under it.</summary>
    /// <param name="folder">The root folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public SchemaModuleOptions AddFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"The modules folder '{full}' does not exist.");
        Roots.Add((new PhysicalFileProvider(full), "", full));
        return this;
    }

    /// <summary>
    /// Adds the modules embedded in <paramref name="assembly"/> under <paramref name="folder"/>; the project embeds them with
    /// <c>&lt;GenerateEmbeddedFilesManifest&gt;true&lt;/GenerateEmbeddedFilesManifest&gt;</c> and <c>&lt;EmbeddedResource Include="modules/**" /&gt;</c>.
    /// </summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="folder">The folder the modules were embedded from.</param>
    public SchemaModuleOptions AddAssembly(Assembly assembly, string folder = "modules")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Roots.Add((new ManifestEmbeddedFileProvider(assembly), folder, $"{assembly.GetName().Name}:{folder}"));
        return this;
    }
}
