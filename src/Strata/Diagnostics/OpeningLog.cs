using Microsoft.Extensions.Logging;

namespace Strata.Diagnostics;

/// <summary>What <see cref="Database.Open(DatabaseOptions)"/> logs about the database it chose.</summary>
internal static partial class OpeningLog
{
    /// <summary>Logs the full path of a SQLite file the environment chose, with why it was chosen.</summary>
    public static void SqliteFileChosen(ILoggerFactory? factory, string file, string origin)
    {
        var logger = factory?.CreateLogger("Strata.Database");
        if (logger is null || !logger.IsEnabled(LogLevel.Information)) return;
        var fullPath = Path.GetFullPath(file);
        LogSqliteFile(logger, fullPath, origin);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Using the SQLite file {File}: {Origin}")]
    private static partial void LogSqliteFile(ILogger logger, string file, string origin);
}
