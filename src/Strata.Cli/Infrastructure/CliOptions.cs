using System.CommandLine;

namespace Strata.Cli;

/// <summary>The options every command shares (on the root, recursive) and those of commands that read migrations and seeds.</summary>
internal sealed class CliOptions
{
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The database URL (sqlite:app.db, postgres://user@host/db, mariadb://…, or rocksdb:data/kv for a key-value store's migrations). Prefer DATABASE_URL or strata.json for passwords: a command line is visible to other users.",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--database", "-d")
    {
        Description = "A database by name from strata.json or appsettings.json (Strata:Databases:<name> or ConnectionStrings:<name>), or a key-value store (Strata:KeyValue:<name>).",
        Recursive = true,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The configuration file to read instead of ./strata.json and ./appsettings.json.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON on standard output.", Recursive = true };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Only results and errors.", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "More detail, and a stack trace with errors.", Recursive = true };

    public Option<string[]> Migrations { get; } = new("--migrations")
    {
        Description = "A folder of SQL migrations (repeatable); ./migrations when none is configured.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Modules { get; } = new("--modules") { Description = "A folder of modules (repeatable); ./modules when none is configured." };

    public Option<string[]> Seeds { get; } = new("--seeds") { Description = "A folder of SQL seeds (repeatable); ./seeds when none is configured." };

    public Option<string?> Assembly { get; } = new("--assembly")
    {
        Description = "A built assembly (.dll) with [Migration] classes and ISeeder classes. Without it, the project in the current folder is built and used.",
    };

    public Option<bool> NoBuild { get; } = new("--no-build") { Description = "Do not build the project in the current folder: use SQL files only." };

    public IEnumerable<Option> Global => [Url, Database, Config, Json, Quiet, Verbose];

    public IEnumerable<Option> Sources => [Migrations, Modules, Seeds, Assembly, NoBuild];
}
