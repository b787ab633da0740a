using System.Text.RegularExpressions;

namespace Strata.IntegrationTests.Readme;

/// <summary>
/// One C# block of the README, with what the line before it says about testing it:
/// <c>&lt;!-- readme: prelude=tour compile-only --&gt;</c> names a prelude (code run before the block, declaring
/// what the surrounding prose assumes), whether the block is only compiled, and whether it runs on every database
/// (<c>all-databases</c>: its prelude reads the URL from <c>STRATA_README_URL</c>), and whether it is an xUnit v3 test class
/// (<c>xunit-v3</c>: compiled against xUnit v3 and Strata.Testing.Xunit instead of the xUnit v2 these tests use).
/// </summary>
public sealed partial record ReadmeBlock(int Number, int Line, string Heading, string Code, string? Prelude, bool CompileOnly, bool AllDatabases, bool XunitV3 = false)
{
    public override string ToString() => $"block {Number} (line {Line}, {Heading})";

    public static IReadOnlyList<ReadmeBlock> Parse(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var blocks = new List<ReadmeBlock>();
        var heading = "top";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#')) heading = lines[i].TrimStart('#').Trim();
            if (lines[i].Trim() != "```csharp") continue;
            var start = i;
            var code = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++) code.Add(lines[i]);
            var marker = start > 0 ? Marker().Match(lines[start - 1]) : Match.Empty;
            var words = marker.Success ? marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            var prelude = words.FirstOrDefault(w => w.StartsWith("prelude=", StringComparison.Ordinal))?["prelude=".Length..];
            blocks.Add(new ReadmeBlock(blocks.Count + 1, start + 1, heading, string.Join('\n', code), prelude,
                words.Contains("compile-only"), words.Contains("all-databases"), words.Contains("xunit-v3")));
        }
        return blocks;
    }

    [GeneratedRegex(@"^<!--\s*readme:([^>]*)-->\s*$")]
    private static partial Regex Marker();
}
