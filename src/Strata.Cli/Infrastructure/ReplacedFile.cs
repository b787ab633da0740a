namespace Strata.Cli;

/// <summary>
/// Writes a file that may replace an earlier one of the same name (an archive, a backup) beside it first, as
/// <c>name.partial</c>, and moves it over the old one only once it is complete: a failed or interrupted write leaves the
/// earlier file as it was (it may be the only copy) and never a half-written one under the real name.
/// </summary>
internal static class ReplacedFile
{
    /// <summary>Runs <paramref name="write"/> on the partial file's path, then moves that file to <paramref name="file"/>.</summary>
    /// <returns>What <paramref name="write"/> returned.</returns>
    public static async Task<T> WriteAsync<T>(string file, Func<string, Task<T>> write)
    {
        var partial = file + ".partial";
        try
        {
            var result = await write(partial).ConfigureAwait(false);
            File.Move(partial, file, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
