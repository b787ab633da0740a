using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Strata.Cli.Configuration;

/// <summary>
/// Adds what the command line says about migrations, modules and seeds to a database's options: <c>--migrations</c>,
/// <c>--modules</c>, <c>--seeds</c> folders (or <c>./migrations</c>, <c>./modules</c>, <c>./seeds</c> when nothing is configured and
/// they exist), and the C# migrations and seeders of <c>--assembly</c> or of the project in the current folder, built first.
/// </summary>
internal sealed class SourceLoader(CliEnvironment environment, CliOutput output)
{
    public async Task ApplyAsync(DatabaseOptions options, ParseResult parse, CliOptions cli, CancellationToken cancellationToken)
    {
        var migrations = parse.GetValue(cli.Migrations) ?? [];
        foreach (var folder in migrations.Select(f => Existing(f, "migrations"))) options.Migrations.AddFolder(folder);
        if (migrations.Length > 0) options.Migrations.NewMigrationsFolder = Existing(migrations[0], "migrations");
        else if (!options.Migrations.Sources.OfType<FileMigrationSource>().Any() && Default("migrations") is { } m) options.Migrations.AddFolder(m);
        options.Migrations.NewMigrationsFolder ??= environment.FullPath("migrations");

        var modules = parse.GetValue(cli.Modules) ?? [];
        foreach (var folder in modules.Select(f => Existing(f, "modules"))) options.Modules.AddFolder(folder);
        if (modules.Length == 0 && options.Modules.Roots.Count == 0 && Default("modules") is { } mods) options.Modules.AddFolder(mods);

        var seeds = parse.GetValue(cli.Seeds) ?? [];
        foreach (var folder in seeds.Select(f => Existing(f, "seeds"))) options.Seeds.AddFolder(folder);
        if (seeds.Length == 0 && options.Seeds.Folders.Count == 0 && Default("seeds") is { } s) options.Seeds.AddFolder(s);

        var assembly = await AssemblyAsync(parse, cli, cancellationToken).ConfigureAwait(false);
        if (assembly is null) return;
        options.Migrations.AddAssembly(assembly);
        options.Seeds.AddAssembly(assembly);
        output.Detail($"C# migrations and seeders from {assembly.Location}");
    }

    /// <summary>
    /// The assembly whose C# migrations a key-value store runs: <c>--assembly</c>, else the project in the current folder,
    /// built (none with <c>--no-build</c>). Folders of SQL files do not apply to a key-value store and are refused.
    /// </summary>
    public async Task<Assembly?> KeyValueAssemblyAsync(ParseResult parse, CliOptions cli, CancellationToken cancellationToken)
    {
        foreach (var option in new[] { cli.Migrations, cli.Modules, cli.Seeds })
        {
            if (parse.GetValue(option) is { Length: > 0 })
                throw new UsageException($"{option.Name} is for SQL databases: a key-value store's migrations are C# classes (IKeyValueMigration) from --assembly or the project in the current folder.");
        }
        var assembly = await AssemblyAsync(parse, cli, cancellationToken).ConfigureAwait(false);
        if (assembly is not null) output.Detail($"C# key-value migrations from {assembly.Location}");
        return assembly;
    }

    private async Task<Assembly?> AssemblyAsync(ParseResult parse, CliOptions cli, CancellationToken cancellationToken) =>
        parse.GetValue(cli.Assembly) is { } path
            ? Load(path)
            : parse.GetValue(cli.NoBuild) ? null : await BuildProjectAsync(cancellationToken).ConfigureAwait(false);

    private string Existing(string folder, string what)
    {
        var full = environment.FullPath(folder);
        return Directory.Exists(full) ? full : throw new UsageException($"The {what} folder '{folder}' does not exist (looked for {full}).");
    }

    private string? Default(string name)
    {
        var full = environment.FullPath(name);
        return Directory.Exists(full) ? full : null;
    }

    /// <summary>Loads an assembly beside this tool's own Strata, so its migrations and seeders implement the same interfaces.</summary>
    public Assembly Load(string path)
    {
        var full = environment.FullPath(path);
        if (!File.Exists(full)) throw new UsageException($"The assembly '{path}' does not exist (looked for {full}). Build the project first, or give the path of its .dll.");
        var folder = Path.GetDirectoryName(full)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        try
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            _ = assembly.GetTypes();
            return assembly;
        }
        catch (BadImageFormatException)
        {
            throw new CliFailure($"'{path}' is not a .NET assembly: give the .dll the project builds (bin/Debug/net10.0/App.dll).");
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new CliFailure($"'{path}' could not be loaded: {first} Build it against Strata {typeof(Database).Assembly.GetName().Version}, the version of this tool.");
        }
        catch (FileLoadException e)
        {
            throw new CliFailure($"'{path}' could not be loaded: {e.Message}");
        }
    }

    /// <summary>Builds the one project in the current folder that references Strata, and loads what it built; null when there is none.</summary>
    private async Task<Assembly?> BuildProjectAsync(CancellationToken cancellationToken)
    {
        var projects = Directory.GetFiles(environment.CurrentDirectory, "*.csproj");
        if (projects.Length != 1 || !(await File.ReadAllTextAsync(projects[0], cancellationToken).ConfigureAwait(false)).Contains("Strata", StringComparison.Ordinal)) return null;
        var project = projects[0];
        var targetPath = await output.StatusAsync($"Building {Path.GetFileName(project)}", async () =>
        {
            var start = new ProcessStartInfo("dotnet", ["build", project, "-nologo", "-v", "q", "-getProperty:TargetPath"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = environment.CurrentDirectory,
            };
            using var process = Process.Start(start) ?? throw new CliFailure("dotnet could not be started to build the project; pass --assembly or --no-build.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var text = (await stdout.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
                throw new CliFailure($"Building {Path.GetFileName(project)} failed: {FirstError(text + "\n" + await stderr.ConfigureAwait(false))} Fix it, or pass --no-build to use SQL files only.");
            return text.Split('\n').Last().Trim();
        }).ConfigureAwait(false);
        return Load(targetPath);
    }

    private static string FirstError(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? text.Split('\n')[0];
}
