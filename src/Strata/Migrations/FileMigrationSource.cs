using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Strata;

/// <summary>
/// The SQL migrations in one folder of a file provider: a folder on disk (<see cref="FileMigrationSource(string)"/>) or
/// files embedded in an assembly (<see cref="FromAssembly"/>). Every <c>.sql</c> file must be named as
/// <see cref="MigrationFileName"/> says; other files are ignored. A file tagged with a database
/// (<c>002_audit.postgres.sql</c>) replaces the untagged one of its version on that database and is ignored elsewhere.
/// </summary>
public sealed class FileMigrationSource : IMigrationSource
{
    private readonly IFileProvider _files;
    private readonly string _folder;
    private readonly string _label;

    /// <summary>Reads the migrations in <paramref name="folder"/> on disk.</summary>
    /// <param name="folder">The folder, absolute or relative to the current directory.</param>
    /// <exception cref="MigrationException">The folder does not exist.</exception>
    public FileMigrationSource(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new MigrationException($"The migrations folder '{full}' does not exist: create it, or point the migration options at the right one.") { File = full };
        _files = new PhysicalFileProvider(full);
        _folder = "";
        _label = full;
    }

    /// <summary>Reads the migrations in <paramref name="folder"/> of <paramref name="files"/>.</summary>
    /// <param name="files">The file provider.</param>
    /// <param name="folder">The folder within it ("" for its root).</param>
    /// <param name="label">How files are named in messages (defaults to the folder).</param>
    public FileMigrationSource(IFileProvider files, string folder, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(folder);
        _files = files;
        _folder = folder.Trim('/');
        _label = label ?? folder;
    }

    /// <summary>
    /// Reads the migrations embedded in <paramref name="assembly"/> under <paramref name="folder"/>. The project must
    /// embed them with a manifest: <c>&lt;GenerateEmbeddedFilesManifest&gt;true&lt;/GenerateEmbeddedFilesManifest&gt;</c> and
    /// <c>&lt;EmbeddedResource Include="Migrations/**/*.sql" /&gt;</c>.
    /// </summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="folder">The folder the files were embedded from, e.g. <c>Migrations</c>.</param>
    /// <exception cref="MigrationException">The assembly has no embedded-files manifest.</exception>
    public static FileMigrationSource FromAssembly(Assembly assembly, string folder)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        try
        {
            return new FileMigrationSource(new ManifestEmbeddedFileProvider(assembly), folder, $"{assembly.GetName().Name}:{folder}");
        }
        catch (InvalidOperationException e)
        {
            throw new MigrationException(
                $"Assembly {assembly.GetName().Name} has no embedded-files manifest: add <GenerateEmbeddedFilesManifest>true</GenerateEmbeddedFilesManifest> " +
                "and a Microsoft.Extensions.FileProviders.Embedded package reference to its project.", e);
        }
    }

    /// <inheritdoc />
    /// <exception cref="MigrationException">A .sql file with a bad name, a malformed file, a .down.sql file without its .up.sql, one version in two files, or a version with database variants only.</exception>
    public IReadOnlyList<MigrationDefinition> Load() => LoadVariants([]);

    /// <inheritdoc />
    /// <exception cref="MigrationException">A .sql file with a bad name, a malformed file, a .down.sql file without its .up.sql, one version in two files, or a version with variants for other databases only.</exception>
    public IReadOnlyList<MigrationDefinition> Load(Dialects.SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return LoadVariants(dialect.ScriptVariantTags);
    }

    /// <summary>The migrations, each version from the files of the first of <paramref name="tags"/> it has a variant for, or from its untagged files.</summary>
    internal List<MigrationDefinition> LoadVariants(IReadOnlyList<string> tags)
    {
        var contents = _files.GetDirectoryContents(_folder);
        if (!contents.Exists) throw new MigrationException($"The migrations folder '{_label}' does not exist.") { File = _label };
        var byVersion = new Dictionary<string, List<(MigrationFileName Name, string Path, string Text)>>(StringComparer.Ordinal);
        foreach (var file in contents.Where(f => !f.IsDirectory && f.Name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var path = file.PhysicalPath ?? $"{_label}/{file.Name}";
            var name = MigrationFileName.TryParse(file.Name)
                ?? throw new MigrationException($"Migration file '{path}' is not named as a migration: expected {MigrationFileName.Expected}.") { File = path };
            using var stream = file.CreateReadStream();
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            if (!byVersion.TryGetValue(name.Version, out var versionFiles)) byVersion[name.Version] = versionFiles = [];
            versionFiles.Add((name, path, text));
        }

        var result = new List<MigrationDefinition>();
        foreach (var (version, files) in byVersion)
        {
            var tag = tags.FirstOrDefault(t => files.Any(f => string.Equals(f.Name.Tag, t, StringComparison.OrdinalIgnoreCase)));
            var list = files.Where(f => string.Equals(f.Name.Tag, tag, StringComparison.OrdinalIgnoreCase)).ToList();
            if (list.Count == 0)
            {
                var wanted = tags.Count == 0 ? "a database that is not named" : $"this database ({string.Join(" or ", tags)})";
                throw new MigrationException(
                    $"Migration version {version} has only variants for other databases ({string.Join(", ", files.Select(f => $"'{f.Path}'"))}) and none for {wanted}: " +
                    $"add '{version}_{files[0].Name.Name}.sql' for every other database{(tags.Count == 0 ? "" : $", or a '{version}_{files[0].Name.Name}.{tags[0]}.sql' variant")}.")
                {
                    Version = version, File = files[0].Path,
                };
            }
            var whole = list.Where(f => f.Name.Part == MigrationFilePart.Both).ToList();
            var ups = list.Where(f => f.Name.Part == MigrationFilePart.Up).ToList();
            var downs = list.Where(f => f.Name.Part == MigrationFilePart.Down).ToList();
            if (whole.Count + ups.Count > 1 || downs.Count > 1 || whole.Count == 1 && downs.Count == 1)
                throw new MigrationException($"Migration version {version} is in more than one file: {string.Join(" and ", list.Select(f => $"'{f.Path}'"))}. Give each migration its own version.")
                {
                    Version = version, File = list[0].Path,
                };
            if (whole.Count == 1)
            {
                var file = whole[0];
                result.Add(MigrationDefinition.FromSql(file.Name, file.Path, SqlMigrationText.Parse(file.Path, file.Text), file.Text));
                continue;
            }
            if (ups.Count == 0)
                throw new MigrationException($"Migration file '{downs[0].Path}' is a down step without its '{version}_{downs[0].Name.Name}.up.sql'.") { Version = version, File = downs[0].Path };
            var up = ups[0];
            var upText = SqlMigrationText.Parse(up.Path, up.Text, MigrationFilePart.Up);
            if (downs.Count == 0)
            {
                result.Add(MigrationDefinition.FromSql(up.Name, up.Path, upText, up.Text));
                continue;
            }
            var down = downs[0];
            var downText = SqlMigrationText.Parse(down.Path, down.Text, MigrationFilePart.Down);
            result.Add(MigrationDefinition.FromSql(up.Name, up.Path, upText with { Down = downText.Down, DownLine = 1 }, up.Text + "\n-- DOWN\n" + down.Text));
        }
        return result;
    }
}
