using Microsoft.AspNetCore.Http;

namespace Strata.Studio.Hosting;

/// <summary>The style sheet and scripts, served from the assembly's resources so that the studio needs no files on disk.</summary>
internal static class StudioAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".txt"] = "text/plain; charset=utf-8",
    };

    public static IResult Serve(string name)
    {
        var stream = typeof(StudioAssets).Assembly.GetManifestResourceStream("studio/" + name);
        if (stream is null || !Types.TryGetValue(Path.GetExtension(name), out var type)) return Results.NotFound();
        return Results.Stream(stream, type);
    }
}
