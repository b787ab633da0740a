using System.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Readme;

/// <summary>
/// Every C# block of the README compiles as a new user would paste it, and runs (on SQLite, in a directory of
/// its own) unless it is marked compile-only because it needs servers or a host it does not show. A block's
/// prelude (<c>Readme/Preludes/&lt;name&gt;.cs</c>) declares only what the prose around it assumes.
/// </summary>
[Collection(ReadmeCollection.Name)]
public class ReadmeTests
{
    public static TheoryData<ReadmeBlock, Db> Blocks()
    {
        var data = new TheoryData<ReadmeBlock, Db>();
        foreach (var block in ReadmeBlock.Parse(File.ReadAllText(ReadmePath)))
        {
            foreach (var db in block.AllDatabases ? Enabled : [Db.Sqlite]) data.Add(block, db);
        }
        return data;
    }

    private static Db[] Enabled => [.. new AllDatabasesAttribute().GetData(null!).Select(row => (Db)row[0])];

    [Theory, MemberData(nameof(Blocks))]
    public async Task README_block_compiles_and_runs(ReadmeBlock block, Db db)
    {
        var prelude = block.Prelude is null ? null : await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Readme", "Preludes", block.Prelude + ".cs"));
        var source = ReadmeProgram.Source(block, prelude);
        var name = $"readme-{block.Number}-{Guid.NewGuid():N}";
        var (assembly, errors) = ReadmeProgram.Compile(source, name, block.XunitV3);
        Assert.True(assembly is not null, $"README {block} does not compile:\n{errors}\n\n{Numbered(source)}");
        if (block.CompileOnly) return;

        var dll = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        var work = Directory.CreateTempSubdirectory("strata-readme-");
        await File.WriteAllBytesAsync(dll, assembly!);
        try
        {
            var (exit, output) = await RunAsync(dll, work.FullName, db == Db.Sqlite ? "sqlite:app.db" : TestDatabase.Url(db));
            Assert.True(exit == 0, $"README {block} exited with {exit}:\n{output}\n\n{Numbered(source)}");
        }
        finally
        {
            File.Delete(dll);
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_README_has_C_sharp_blocks_and_every_named_prelude_exists()
    {
        var blocks = ReadmeBlock.Parse(File.ReadAllText(ReadmePath));
        Assert.True(blocks.Count >= 5, $"Expected the README's C# blocks, found {blocks.Count}.");
        foreach (var block in blocks.Where(b => b.Prelude is not null))
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Readme", "Preludes", block.Prelude + ".cs")), $"{block} names a missing prelude '{block.Prelude}'.");
    }

    /// <summary>Runs the block as a process of its own (so static state such as ModelDatabase stays out of the tests),
    /// with the test assembly's runtime configuration and dependencies.</summary>
    private static async Task<(int Exit, string Output)> RunAsync(string dll, string directory, string url)
    {
        var bin = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["STRATA_README_URL"] = url },
        };
        foreach (var arg in new[] { "exec", "--runtimeconfig", Path.Combine(bin, "Strata.IntegrationTests.runtimeconfig.json"),
                     "--depsfile", Path.Combine(bin, "Strata.IntegrationTests.deps.json"), dll })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 90 s\n" + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Numbered(string source) =>
        string.Join('\n', source.Split('\n').Select((l, i) => $"{i + 1,4}  {l}"));

    private static string ReadmePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var readme = Path.Combine(dir.FullName, "README.md");
                if (File.Exists(readme) && File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) return readme;
            }
            throw new InvalidOperationException($"No README.md beside Strata.slnx above {AppContext.BaseDirectory}.");
        }
    }
}

/// <summary>The README's blocks run one at a time, each in a process of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ReadmeCollection
{
    public const string Name = "README blocks";
}
